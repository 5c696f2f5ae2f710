import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { SentActivity } from "./fake-connector";

/**
 * Teams, for a bot that is about to be killed: it can hold the member look-up the licence gate makes
 * in the middle of a turn (the turn has claimed its activity and is waiting), or hold the bot's replies
 * (the turn has committed and is sending), and says when such a call has arrived.
 */
export class HoldingConnector {
  readonly received: SentActivity[] = [];
  /** The directory by channel id (29:…); anyone else is `email`, or unknown when that is empty. */
  readonly members = new Map<string, { email: string; name: string }>();
  holdLookups = false;
  holdReplies = false;
  email = "";
  private server?: Server;
  private arrivals: Array<() => void> = [];

  async start(): Promise<void> {
    const app = express();
    app.use(express.json({ limit: "5mb" }));
    app.get("/v3/conversations/:conversationId/members/:memberId", (req, res) => {
      if (this.holdLookups) return this.arrived(); // never answered: the bot is killed meanwhile
      const member =
        this.members.get(String(req.params.memberId)) ??
        (this.email ? { email: this.email, name: "Test Testsson" } : undefined);
      if (!member) return res.status(404).json({ error: { code: "MemberNotFound", message: "no such member" } });
      res.json({ id: req.params.memberId, ...member, userPrincipalName: member.email });
    });
    app.post(/^\/v3\/conversations\/([^/]+)\/activities/, (req, res) => {
      if (this.holdReplies) return this.arrived();
      const conversationId = decodeURIComponent((req.params as Record<string, string>)[0]);
      this.received.push({ ...(req.body as SentActivity), conversation: { id: conversationId } });
      res.status(200).json({ id: `reply-${this.received.length}` });
    });
    await new Promise<void>((resolve) => (this.server = app.listen(0, "127.0.0.1", () => resolve())));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  forConversation(conversationId: string): SentActivity[] {
    return this.received.filter((activity) => activity.conversation?.id === conversationId);
  }

  /** Resolves when the next held call arrives. */
  held(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private arrived(): void {
    this.arrivals.splice(0).forEach((notify) => notify());
  }
}
