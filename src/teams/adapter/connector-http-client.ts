import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { logger } from "../../platform/logger";

/** The adapter's 4th constructor argument (botframework-connector's ConnectorClientOptions). */
export type ConnectorClientOptions = NonNullable<ConstructorParameters<typeof TeamsAdapter>[3]>;

/** The parts of the compat layer's WebResourceLike this client reads. */
interface OutgoingRequest {
  url: string;
  method: string;
  headers: { rawHeaders(): Record<string, string> };
  body?: unknown;
  timeout?: number;
  abortSignal?: AbortSignal;
}

export interface ConnectorRetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Base of the exponential backoff (full jitter) for 412/502/503/504. */
  baseDelayMs?: number;
  /** Nothing is retried past this since the first attempt: Teams redelivers the activity after about 15 s. */
  budgetMs?: number;
  /** Spacing between messages to one conversation; Teams allows about 7 per second. */
  minIntervalPerConversationMs?: number;
  /** For tests: what to wait with. */
  sleep?: (ms: number) => Promise<unknown>;
  /** Most connections open to one connector host at a time; more requests queue for a free one. */
  maxSocketsPerHost?: number;
}

/** What the connector answered, read once: the compat layer and core-client take it from here. */
interface ConnectorAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

const retriedStatuses = new Set([412, 502, 503, 504]);

/**
 * The Bot Connector client's HTTP transport (connectorClientOptions.httpClient), on node:http(s) with
 * keep-alive agents rather than fetch/undici (less CPU per reply, measured in bench/RESULTS.md): paces messages per
 * conversation, honours 429 Retry-After and retries 412/502/503/504 with backoff and jitter. A request
 * is sent again only when the connector answered that it did not take it, so a reply is never doubled.
 * When it gives up it throws a plain error, which the pipeline's own retry policy does not repeat.
 */
export class RetryingConnectorHttpClient {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly budgetMs: number;
  private readonly minIntervalMs: number;
  private readonly wait: (ms: number) => Promise<unknown>;
  private readonly nextSlot = new Map<string, number>();
  /**
   * Keep-alive agents: replies reuse a warm TCP (and TLS) connection instead of opening one per message.
   * An idle connection is closed after 30 s, or a second before the connector's own Keep-Alive timeout,
   * so a reused socket is not one the connector is about to drop.
   */
  private readonly agents: { http: http.Agent; https: https.Agent };
  /** Figures for tests and logs. */
  readonly stats = { requests: 0, attempts: 0, retries: 0, gaveUp: 0 };

  constructor(options: ConnectorRetryOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 300;
    this.budgetMs = options.budgetMs ?? 10_000;
    this.minIntervalMs = options.minIntervalPerConversationMs ?? Math.ceil(1000 / 7);
    this.wait = options.sleep ?? ((ms) => sleep(ms));
    const maxSockets = options.maxSocketsPerHost ?? 64;
    const agentOptions = {
      keepAlive: true,
      timeout: 30_000,
      maxSockets,
      // Keeping fewer than may be in flight closed the rest after each burst, to connect again at the next.
      maxFreeSockets: maxSockets,
      scheduling: "lifo" as const,
    };
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  }

  async sendRequest(request: OutgoingRequest): Promise<unknown> {
    this.stats.requests++;
    const started = Date.now();
    const conversation = sendsToConversation(request);
    for (let attempt = 1; ; attempt++) {
      if (conversation) await this.pace(conversation);
      this.stats.attempts++;
      let response: ConnectorAnswer;
      try {
        response = await this.send(request);
      } catch (error) {
        // Only a refused connection certainly sent nothing; anything later may have delivered the message.
        const delay = this.backoff(attempt);
        if (errorCode(error) === "ECONNREFUSED" && this.mayRetry(attempt, started, delay)) {
          await this.retryAfter(delay, request, "connection refused");
          continue;
        }
        throw error;
      }
      const delay =
        response.status === 429
          ? (retryAfterMs(firstValue(response.headers["retry-after"]) ?? null) ?? this.backoff(attempt))
          : retriedStatuses.has(response.status)
            ? this.backoff(attempt)
            : undefined;
      if (delay === undefined)
        return {
          request,
          status: response.status,
          headers: new PlainHeaders(response.headers),
          bodyAsText: response.body,
        };
      if (!this.mayRetry(attempt, started, delay)) {
        this.stats.gaveUp++;
        const error = new Error(`Bot Connector answered ${response.status} after ${attempt} attempt(s)`);
        Object.assign(error, { statusCode: response.status });
        throw error;
      }
      await this.retryAfter(delay, request, `HTTP ${response.status}`);
    }
  }

  private mayRetry(attempt: number, started: number, delay: number): boolean {
    return attempt < this.maxAttempts && Date.now() - started + delay <= this.budgetMs;
  }

  private async retryAfter(delay: number, request: OutgoingRequest, reason: string): Promise<void> {
    this.stats.retries++;
    logger.warn({ method: request.method, path: new URL(request.url).pathname, reason, delay }, "Bot Connector retry");
    await this.wait(delay);
  }

  /** Full jitter: a random wait between 0 and base·2^(attempt-1). */
  private backoff(attempt: number): number {
    return Math.round(Math.random() * this.baseDelayMs * 2 ** (attempt - 1));
  }

  private async pace(conversation: string): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(conversation) ?? 0);
    this.nextSlot.set(conversation, slot + this.minIntervalMs);
    if (this.nextSlot.size > 10_000) {
      for (const [key, next] of this.nextSlot) if (next < now) this.nextSlot.delete(key);
    }
    if (slot > now) await this.wait(slot - now);
  }

  /** One request on a pooled connection; the body is read whole, as the compat layer wants text. */
  private send(request: OutgoingRequest): Promise<ConnectorAnswer> {
    const url = new URL(request.url);
    const headers: Record<string, string | number> = request.headers.rawHeaders();
    const body = typeof request.body === "string" || request.body instanceof Buffer ? request.body : undefined;
    if (body !== undefined && !hasHeader(headers, "content-length"))
      headers["content-length"] = Buffer.byteLength(body);
    const secure = url.protocol === "https:";
    const timeoutMs = request.timeout || 30_000;
    return new Promise<ConnectorAnswer>((resolve, reject) => {
      const outgoing = (secure ? https : http).request(
        url,
        {
          method: request.method,
          headers,
          agent: secure ? this.agents.https : this.agents.http,
          signal: request.abortSignal,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("error", reject);
          incoming.on("end", () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"),
            }),
          );
        },
      );
      outgoing.setTimeout(timeoutMs, () =>
        outgoing.destroy(
          Object.assign(new Error(`Bot Connector did not answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" }),
        ),
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  /** Closes the pooled connections (at shutdown, and in tests). */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** The connector options that put this client under the adapter's Bot Connector calls. */
export function reliableConnectorOptions(client = new RetryingConnectorHttpClient()): ConnectorClientOptions {
  return { httpClient: client as unknown as ConnectorClientOptions["httpClient"] };
}

/** `POST …/v3/conversations/{id}/activities[/{replyTo}]`: a message into a conversation. */
function sendsToConversation(request: OutgoingRequest): string | undefined {
  if (request.method.toUpperCase() !== "POST") return undefined;
  const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/|$)/.exec(new URL(request.url).pathname);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The header collection the compat layer expects on a response (and credentials sign a request's with). */
export class PlainHeaders {
  private readonly map = new Map<string, { name: string; value: string }>();
  constructor(raw: Record<string, string | string[] | undefined>) {
    for (const [name, value] of Object.entries(raw))
      if (value !== undefined) this.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  set(name: string, value: string | number): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray(): Array<{ name: string; value: string }> {
    return [...this.map.values()];
  }
  headerNames(): string[] {
    return this.headersArray().map((header) => header.name);
  }
  headerValues(): string[] {
    return this.headersArray().map((header) => header.value);
  }
  toJson(options: { preserveCase?: boolean } = {}): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [key, header] of this.map) result[options.preserveCase ? header.name : key] = header.value;
    return result;
  }
  clone(): PlainHeaders {
    return new PlainHeaders(this.toJson({ preserveCase: true }));
  }
}
