import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { documentIncident, organisationWithOfficer, textOf } from "../incidents/incident-helpers";
import { databaseKindsHere } from "../support/database-targets";
import { useBotUnderTest } from "../support/test-bot";

/**
 * A person is who Teams says they are. The Bot Framework also carries other channels to the same bot
 * (Web Chat and Direct Line are on every Azure Bot resource), whose tokens are valid and whose client
 * names the user and the workspace itself: an activity from there is nobody, whatever ids it carries.
 */
const sv = loadContent().ui("sv");

describe("identity comes from Teams only", async () => {
  describe.each(await databaseKindsHere())("on %s", (kind, available) => {
    const harness = useBotUnderTest(kind, { LOG_LEVEL: "error" });

    /** An official of a licensed organisation with one saved incident, whose words are `words`. */
    async function officialWithSavedIncident(words: string) {
      const org = await organisationWithOfficer(harness);
      const official = org.newOfficial();
      await documentIncident(official, sv, { what: words });
      await official.submit({ verb: "incidentChoice", choice: "save" });
      await official.say("mina händelser");
      expect(textOf(harness.connector.forConversation(official.conversationId))).toContain(words);
      return official;
    }

    it.skipIf(!available).each([
      ["the official's Entra object id", (userId: string) => ({ id: `29:${userId}`, aadObjectId: userId, name: "X" })],
      ["the official's object id as a bare channel id", (userId: string) => ({ id: userId, name: "X" })],
    ])(
      "an activity from another channel naming %s and their workspace sees, exports and erases nothing of theirs",
      async (_case, from) => {
        const words = `Hot i ett sms ${randomUUID().slice(0, 8)}`;
        const official = await officialWithSavedIncident(words);
        const impostor = harness.newUser({ userId: official.userId, tenantId: official.tenantId });
        const asWebChat = (fields: Record<string, unknown>) =>
          impostor.post({ type: "message", channelId: "webchat", from: from(official.userId), ...fields });

        for (const fields of [
          { text: "mina händelser" },
          { text: "mina data" },
          { value: { verb: "privacyExport" } },
          { value: { verb: "privacyEraseConfirm" } },
        ]) {
          const { status, replies } = await asWebChat(fields);
          expect(status).toBe(200);
          expect(textOf(replies)).toContain(sv.errors.generic);
          expect(textOf(replies)).not.toContain(words);
          expect(JSON.stringify(replies)).not.toContain("/files/");
        }
        const incidents = await harness.bot.database.prisma.incident.count({ where: { userId: official.userId } });
        expect(incidents).toBe(1);
      },
    );
  });
});
