import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A Bot Connector stand-in that answers the next activity posts from a script (429 with Retry-After,
 * 503, …) before it accepts them, and records each accepted message and every attempt with its time.
 */
export class FlakyConnector {
  readonly accepted: Array<Record<string, unknown>> = [];
  readonly attempts: Array<{ at: number; status: number }> = [];
  script: ScriptedAnswer[] = [];
  /** TCP connections the bot opened to this connector. */
  connections = 0;
  private server?: Server;

  async start(): Promise<void> {
    const app = express();
    app.use(express.json({ limit: "5mb" }));
    app.post(/^\/v3\/conversations\/[^/]+\/activities(\/.*)?$/, (req, res) => {
      const answer = this.script.shift();
      const status = answer?.status ?? 200;
      this.attempts.push({ at: Date.now(), status });
      if (answer && status !== 200) {
        res
          .status(status)
          .set(answer.headers ?? {})
          .json({ error: { code: "Scripted", message: `scripted ${status}` } });
        return;
      }
      this.accepted.push(req.body as Record<string, unknown>);
      res.status(200).json({ id: `reply-${this.accepted.length}` });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
      this.server.on("connection", () => this.connections++);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
