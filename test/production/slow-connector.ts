import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

/**
 * A Bot Connector stand-in that holds each reply until the test lets it go, so a turn can be caught
 * in flight (the bot is waiting for Teams to accept its reply).
 */
export class SlowConnector {
  readonly received: Array<Record<string, unknown>> = [];
  private server?: Server;
  private waiting: Array<() => void> = [];
  private arrivals: Array<() => void> = [];
  holding = false;

  async start(): Promise<void> {
    const app = express();
    app.use(express.json({ limit: "5mb" }));
    app.post(/^\/v3\/conversations\/.*/, async (req, res) => {
      this.received.push(req.body as Record<string, unknown>);
      if (this.holding) {
        const released = new Promise<void>((resolve) => this.waiting.push(resolve));
        this.arrivals.splice(0).forEach((notify) => notify());
        await released;
      }
      res.status(200).json({ id: `reply-${this.received.length}` });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** Resolves when a reply arrives and is being held. */
  replyArrived(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  release(): void {
    this.holding = false;
    this.waiting.splice(0).forEach((resolve) => resolve());
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
