/**
 * `npm run bench:connector`: requests/s and CPU per reply of the Bot Connector reply path, against a fake
 * connector in its own process (so the figures are the bot side's alone). Each reply is a
 * `conversations.replyToActivity` on the bot's transport (src/teams/adapter/connector-http-client.ts), pacing off,
 * BENCH_CONNECTOR_CONCURRENCY replies in flight, once as the bot sends it (plain JSON,
 * src/teams/adapter/plain-json-conversations.ts) and once through botframework-connector's stock ConnectorClient
 * (Azure pipeline and serializer), alternating, to compare the two on a busy machine.
 *
 * BENCH_CONNECTOR_BASELINE=<path of another connector-http-client.ts> runs the stock client on that transport
 * too, alternating with the others, to compare two versions of the transport.
 */
import { fork } from "node:child_process";
import path from "node:path";
import { ConnectorClient, MicrosoftAppCredentials } from "botframework-connector";
import { RetryingConnectorHttpClient } from "../src/teams/adapter/connector-http-client";
import { withPlainJsonConversations } from "../src/teams/adapter/plain-json-conversations";

const seconds = Number(process.env.BENCH_CONNECTOR_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_CONNECTOR_ROUNDS ?? 3);
const concurrency = Number(process.env.BENCH_CONNECTOR_CONCURRENCY ?? 20);
const baselinePath = process.env.BENCH_CONNECTOR_BASELINE;

/** A reply of the size the bot sends: a message with an Adaptive Card of a few KB. */
const activity = {
  type: "message",
  from: { id: "bot" },
  recipient: { id: "user" },
  conversation: { id: "c" },
  replyToId: "a",
  attachments: [
    {
      contentType: "application/vnd.microsoft.card.adaptive",
      content: {
        type: "AdaptiveCard",
        version: "1.5",
        body: Array.from({ length: 12 }, (_, i) => ({
          type: "TextBlock",
          wrap: true,
          text: `Stycke ${i}: ${"å".repeat(200)}`,
        })),
        actions: [{ type: "Action.Submit", title: "Nästa", data: { verb: "theme.next", step: 3 } }],
      },
    },
  ],
};

const fakeConnectorSource = `
const http = require("node:http");
http.createServer((req, res) => {
  req.resume();
  req.on("end", () => { res.writeHead(200, { "content-type": "application/json; charset=utf-8" }); res.end('{"id":"r1"}'); });
}).listen(0, "127.0.0.1", function () { process.send(this.address().port); });
`;

type Transport = { name: string; client: { sendRequest(request: unknown): Promise<unknown> }; plainJson: boolean };

async function round(transport: Transport, baseUri: string): Promise<{ requests: number; ms: number; cpuMs: number }> {
  const stock = new ConnectorClient(new MicrosoftAppCredentials("", ""), {
    baseUri,
    httpClient: transport.client as never,
  });
  const connector = transport.plainJson
    ? withPlainJsonConversations(stock, baseUri, transport.client as RetryingConnectorHttpClient)
    : stock;
  let requests = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      await connector.conversations.replyToActivity("c", "a", activity as never);
      requests++;
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return { requests, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  const child = fork("-e", [fakeConnectorSource], { execArgv: [] } as never);
  const port = await new Promise<number>((resolve) => child.once("message", (m) => resolve(Number(m))));
  const baseUri = `http://127.0.0.1:${port}`;
  const client = new RetryingConnectorHttpClient({ minIntervalPerConversationMs: 0 });
  const transports: Transport[] = [
    { name: "plain JSON (as the bot sends)", client, plainJson: true },
    { name: "stock ConnectorClient", client, plainJson: false },
  ];
  if (baselinePath) {
    const module = (await import(path.resolve(baselinePath))) as {
      RetryingConnectorHttpClient: new (o: object) => Transport["client"];
    };
    transports.push({
      name: `stock ConnectorClient on baseline (${baselinePath})`,
      client: new module.RetryingConnectorHttpClient({ minIntervalPerConversationMs: 0 }),
      plainJson: false,
    });
  }
  for (const transport of transports) await round(transport, baseUri); // warm-up
  const totals = new Map(transports.map((t) => [t.name, { requests: 0, ms: 0, cpuMs: 0 }]));
  for (let i = 0; i < rounds; i++) {
    for (const transport of transports) {
      const result = await round(transport, baseUri);
      const total = totals.get(transport.name)!;
      total.requests += result.requests;
      total.ms += result.ms;
      total.cpuMs += result.cpuMs;
      console.log(
        `${transport.name}: ${(result.requests / (result.ms / 1000)).toFixed(0)} replies/s, ${(result.cpuMs / result.requests).toFixed(3)} CPU ms/reply`,
      );
    }
  }
  for (const [name, total] of totals)
    console.log(
      `TOTAL ${name}: ${(total.requests / (total.ms / 1000)).toFixed(0)} replies/s, ${(total.cpuMs / total.requests).toFixed(3)} CPU ms/reply over ${total.requests} replies`,
    );
  child.kill();
  process.exit(0);
}

void main();
