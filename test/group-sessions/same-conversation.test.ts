import { describe, expect, it } from "vitest";
import { isSameConversation } from "../../src/teams/turn-facts";

describe("which presses belong to a group session's conversation", () => {
  const channel = "19:abc123@thread.tacv2";
  it.each([
    ["the same group chat", "19:group@thread.v2", "19:group@thread.v2", true],
    ["the channel and a reply thread in it", channel, `${channel};messageid=1700000000000`, true],
    ["two threads of one channel", `${channel};messageid=1`, `${channel};messageid=2`, true],
    ["another chat", "19:group@thread.v2", "19:other@thread.v2", false],
    ["another channel that shares a prefix", channel, "19:abc1234@thread.tacv2", false],
    ["a session with no conversation left (ended)", "", "", false],
  ])("%s", (_what, session, press, same) => {
    expect(isSameConversation(session, press)).toBe(same);
  });
});
