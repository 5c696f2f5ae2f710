/**
 * The load benchmark's baseline: the smallest Teams bot on the same stack as the real one (botbuilder,
 * @microsoft/teams-ai Application with MemoryStorage, TeamsAdapter without credentials, Express 5). It
 * answers every message with a small Adaptive Card. Started by bench/load-bench.ts with PORT set; with
 * BENCH_ECHO_PACING=1 its replies go through the bot's own paced connector client as well.
 */
import express from "express";
import {
  ActivityTypes,
  CardFactory,
  ConfigurationServiceClientCredentialFactory,
  MemoryStorage,
  MessageFactory,
} from "botbuilder";
import { Application, TeamsAdapter, TurnState } from "@microsoft/teams-ai";
import { reliableConnectorOptions } from "../src/teams/adapter/connector-http-client";

const credentials = { MicrosoftAppId: "", MicrosoftAppPassword: "" };
const adapter = new TeamsAdapter(
  credentials,
  new ConfigurationServiceClientCredentialFactory(credentials),
  undefined,
  process.env.BENCH_ECHO_PACING === "1" ? reliableConnectorOptions() : undefined,
);
const app = new Application<TurnState>({ adapter, storage: new MemoryStorage(), startTypingTimer: false });

app.activity(ActivityTypes.Message, async (context) => {
  const said = context.activity.text ?? JSON.stringify(context.activity.value ?? {});
  const card = CardFactory.adaptiveCard({
    type: "AdaptiveCard",
    version: "1.5",
    body: [
      { type: "TextBlock", text: "Echo", weight: "Bolder", size: "Medium" },
      { type: "TextBlock", text: said.slice(0, 500), wrap: true },
    ],
    actions: [{ type: "Action.Submit", title: "Nästa", data: { verb: "echo" } }],
  });
  await context.sendActivity(MessageFactory.attachment(card));
});

const server = express();
server.post("/api/messages", express.json({ limit: "256kb" }), async (req, res) => {
  await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
});
server.get("/healthz", (_req, res) => {
  res.json({ status: "ok" });
});

const port = Number(process.env.PORT ?? 3979);
const httpServer = server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`echo bot listening on ${port}\n`);
});
const stop = () => httpServer.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
