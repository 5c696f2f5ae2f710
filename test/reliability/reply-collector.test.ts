import { ActivityTypes } from "botbuilder";
import { describe, expect, it } from "vitest";
import { ReplyCollector } from "../../src/teams/pipeline/reply-collector";
import { RecordingAdapter } from "../support/recording-adapter";

const message = { type: ActivityTypes.Message, text: "hej" };

function heldTurn() {
  const adapter = new RecordingAdapter();
  const context = adapter.contextFor(message);
  const replies = ReplyCollector.of(context);
  replies.hold();
  return { adapter, context, replies };
}

describe("the reply collector that holds a turn's replies until its commit", () => {
  it("sends nothing while held, then everything in the order it was said", async () => {
    const { adapter, context, replies } = heldTurn();
    await context.sendActivity("first");
    await context.sendActivity({ type: ActivityTypes.Typing });
    await context.sendActivity("second");
    expect(adapter.log).toEqual([]);
    await replies.release();
    expect(adapter.log).toEqual([
      'send message "first" as teams-1',
      "send typing as teams-2",
      'send message "second" as teams-3',
    ]);
  });

  it("answers a held send with a stand-in id, and an update or delete of it reaches Teams with the real id", async () => {
    const { adapter, context, replies } = heldTurn();
    const sent = await context.sendActivity("Arbetar…");
    expect(sent?.id).toMatch(/^held-reply-/);
    await context.updateActivity({ id: sent!.id, type: ActivityTypes.Message, text: "Klart" });
    const other = await context.sendActivity("temporary");
    await context.deleteActivity(other!.id);
    await replies.release();
    expect(adapter.log).toEqual([
      'send message "Arbetar…" as teams-1',
      'update teams-1 "Klart"',
      'send message "temporary" as teams-2',
      "delete teams-2",
    ]);
  });

  it("queues an update of a message from an earlier turn in order too, with its own id", async () => {
    const { adapter, context, replies } = heldTurn();
    await context.updateActivity({ id: "card-from-yesterday", type: ActivityTypes.Message, text: "replaced" });
    await context.sendActivity("after");
    expect(adapter.log).toEqual([]);
    await replies.release();
    expect(adapter.log).toEqual(['update card-from-yesterday "replaced"', 'send message "after" as teams-1']);
  });

  it("refuses loudly, at the call, to update or delete something that is not a message this turn sent", async () => {
    const { context } = heldTurn();
    const response = await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
    await expect(context.updateActivity({ id: response!.id, type: ActivityTypes.Message })).rejects.toThrow(
      /not a message this turn sent/,
    );
    await expect(context.deleteActivity("held-reply-99")).rejects.toThrow(/not a message this turn sent/);
  });

  it("refuses loudly at release when Teams gave a held message no id to update it by", async () => {
    const { adapter, context, replies } = heldTurn();
    adapter.sendActivities = async (_context, activities) => activities.map(() => ({ id: "" }));
    const sent = await context.sendActivity("no id comes back");
    await context.updateActivity({ id: sent!.id, type: ActivityTypes.Message, text: "x" });
    await expect(replies.release()).rejects.toThrow(/held reply that Teams did not give an id/);
  });

  it("says nothing at all for an attempt that is discarded (rolled back), and later attempts start empty", async () => {
    const { adapter, context, replies } = heldTurn();
    await context.sendActivity("from the rolled-back attempt");
    replies.afterRelease(async () => void adapter.log.push("proactive"));
    replies.discard();
    replies.hold();
    await context.sendActivity("from the attempt that committed");
    await replies.release();
    expect(adapter.log).toEqual(['send message "from the attempt that committed" as teams-1']);
  });

  it("gives the held invoke response for the dedup record, and runs proactive work only after the replies", async () => {
    const { adapter, context, replies } = heldTurn();
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { card: 1 } } });
    expect(replies.invokeResponse()).toEqual({ status: 200, body: { card: 1 } });
    replies.afterRelease(async () => void adapter.log.push("proactive"));
    await replies.release();
    expect(adapter.log).toEqual(["invokeResponse", "proactive"]);
  });

  it("lets everything straight through when not holding", async () => {
    const adapter = new RecordingAdapter();
    const context = adapter.contextFor(message);
    ReplyCollector.of(context);
    const sent = await context.sendActivity("direct");
    expect(sent?.id).toBe("teams-1");
    await context.updateActivity({ id: sent!.id, type: ActivityTypes.Message, text: "edited" });
    expect(adapter.log).toEqual(['send message "direct" as teams-1', 'update teams-1 "edited"']);
  });
});
