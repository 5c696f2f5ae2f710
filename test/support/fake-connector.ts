import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

/** An activity as the bot sends it to the Bot Connector (the parts the tests look at). */
export interface SentActivity {
  type: string;
  text?: string;
  conversation?: { id: string };
  replyToId?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  [key: string]: unknown;
}

/**
 * Stands in for the Bot Connector service (Teams itself): the bot posts its replies to the activity's
 * serviceUrl, and this server records them per conversation.
 */
export class FakeConnector {
  readonly received: SentActivity[] = [];
  /** Messages the bot replaced (PUT to an activity it sent earlier), in order. */
  readonly updates: Array<{ conversationId: string; activityId: string; activity: SentActivity }> = [];
  /**
   * The Teams directory as the member API reports it, by the user's channel id (29:…): the workspace Teams
   * places them in and their role there ("user", "guest" or "anonymous"). Anyone else is not found (404);
   * for one marked `unavailable` the member API fails (503).
   */
  readonly members = new Map<
    string,
    { email?: string; name?: string; tenantId?: string; userRole?: string; unavailable?: boolean }
  >();
  private server?: Server;
  private nextId = 1;

  async start(): Promise<string> {
    const app = express();
    app.use(express.json({ limit: "5mb" }));
    const record = (req: express.Request, res: express.Response) => {
      const activity = { ...(req.body as SentActivity), conversation: { id: String(req.params.conversationId) } };
      this.received.push(activity);
      res.status(200).json({ id: `reply-${this.nextId++}` });
    };
    app.post("/v3/conversations/:conversationId/activities", record);
    app.post("/v3/conversations/:conversationId/activities/:activityId", record);
    app.put("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
      const conversationId = String(req.params.conversationId);
      const activity = { ...(req.body as SentActivity), conversation: { id: conversationId } };
      this.updates.push({ conversationId, activityId: String(req.params.activityId), activity });
      res.status(200).json({ id: req.params.activityId });
    });
    app.get("/v3/conversations/:conversationId/members/:memberId", (req, res) => {
      const member = this.members.get(String(req.params.memberId));
      if (!member) return res.status(404).json({ error: { code: "MemberNotFound", message: "no such member" } });
      if (member.unavailable)
        return res.status(503).json({ error: { code: "ServiceUnavailable", message: "try again later" } });
      const { name, email, tenantId, userRole } = member;
      res.json({ id: req.params.memberId, name, email, userPrincipalName: email, tenantId, userRole });
    });
    app.use((req, res) => res.status(404).json({ error: `fake connector has no route ${req.method} ${req.path}` }));
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  forConversation(conversationId: string): SentActivity[] {
    return this.received.filter((activity) => activity.conversation?.id === conversationId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
