import type { Activity, TurnContext } from "botbuilder";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/platform/config";
import { createTeamsAdapter } from "../../src/teams/adapter/teams-adapter";

/**
 * botbuilder would build a new Bot Connector client and user token client, each with its own HTTP
 * pipeline, for every turn; the adapter keeps one per app id, audience and endpoint
 * (src/teams/adapter/strict-authentication.ts).
 */
describe("the Teams adapter's Bot Connector clients", () => {
  const adapter = createTeamsAdapter(loadConfig({ NODE_ENV: "test", MicrosoftAppId: "" }));

  /** The clients one turn of an activity from that endpoint replies with. */
  async function clientsOfTurn(serviceUrl: string) {
    let clients: { connector: unknown; userToken: unknown } | undefined;
    const activity: Partial<Activity> = {
      type: "message",
      text: "meny",
      id: "1",
      channelId: "msteams",
      serviceUrl,
      conversation: { id: "a:conversation" } as Activity["conversation"],
      from: { id: "29:user", name: "User" },
      recipient: { id: "28:bot", name: "Bot" },
    };
    const response = {
      socket: null,
      status: () => undefined,
      header: () => undefined,
      send: () => undefined,
      end: () => undefined,
    };
    await adapter.process({ method: "POST", headers: {}, body: activity }, response, async (context: TurnContext) => {
      clients = {
        connector: context.turnState.get(context.adapter.ConnectorClientKey),
        userToken: context.turnState.get((context.adapter as typeof adapter).UserTokenClientKey),
      };
    });
    if (!clients?.connector || !clients.userToken) throw new Error("The turn did not run");
    return clients;
  }

  it("replies from every turn through the same clients", async () => {
    const first = await clientsOfTurn("https://smba.trafficmanager.net/emea/");
    const second = await clientsOfTurn("https://smba.trafficmanager.net/emea/");
    expect(second.connector).toBe(first.connector);
    expect(second.userToken).toBe(first.userToken);
  });

  it("keeps a client per endpoint: a turn from another region replies through its own", async () => {
    const europe = await clientsOfTurn("https://smba.trafficmanager.net/emea/");
    const americas = await clientsOfTurn("https://smba.trafficmanager.net/amer/");
    expect(americas.connector).not.toBe(europe.connector);
  });
});
