import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ActivityTypes, CardFactory, MessageFactory, type Activity, type TurnContext } from "botbuilder";
import { ConnectorClient } from "botframework-connector";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/platform/config";
import { reliableConnectorOptions, RetryingConnectorHttpClient } from "../../src/teams/adapter/connector-http-client";
import { withPlainJsonConversations } from "../../src/teams/adapter/plain-json-conversations";
import { createTeamsAdapter } from "../../src/teams/adapter/teams-adapter";

interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** A Bot Connector that records each request and answers with the next scripted answer (else 200 and an id). */
class RecordingConnector {
  readonly received: Received[] = [];
  script: Array<{ status: number; body: string }> = [];
  private server?: Server;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        this.received.push({
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          body: text ? JSON.parse(text) : undefined,
        });
        const answer = this.script.shift() ?? { status: 200, body: JSON.stringify({ id: `r${this.received.length}` }) };
        res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8" }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/emea/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const connector = new RecordingConnector();
const transport = new RetryingConnectorHttpClient({ minIntervalPerConversationMs: 0 });
/** Credentials that sign as an app's would: a bearer token in the Authorization header. */
const credentials = {
  signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
    request.headers.set("authorization", "Bearer token-of-the-app");
    return request;
  },
};
const clientOptions = () => ({ baseUri: connector.url, httpClient: transport as never });
let stock: ConnectorClient;
let plain: ConnectorClient;

beforeAll(async () => {
  await connector.start();
  stock = new ConnectorClient(credentials as never, clientOptions());
  plain = withPlainJsonConversations(
    new ConnectorClient(credentials as never, clientOptions()),
    connector.url,
    transport,
  );
});
beforeEach(() => {
  connector.received.length = 0;
  connector.script = [];
});
afterAll(async () => {
  transport.close();
  await connector.stop();
});

const conversationId = "19:abc@thread.tacv2;messageid=1700000000000";
const reference = {
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  from: { id: "28:bot", name: "Bot" },
  recipient: { id: "29:user", name: "User", aadObjectId: "00000000-0000-0000-0000-000000000001" },
  conversation: {
    id: conversationId,
    name: "Planering",
    conversationType: "channel",
    tenantId: "tenant",
    isGroup: true,
  },
  locale: "sv-SE",
  replyToId: "1700000000001",
};
const card = CardFactory.adaptiveCard({
  type: "AdaptiveCard",
  version: "1.5",
  body: [{ type: "TextBlock", text: 'Stycke 1: åäö \u2028 "citat"', wrap: true }],
  actions: [{ type: "Action.Submit", title: "Nästa", data: { verb: "theme.next", step: 3, at: null } }],
});
const sentActivities: Record<string, Partial<Activity>> = {
  "a text message": { ...MessageFactory.text("Hej <b>du</b>"), ...reference },
  "an Adaptive Card": { ...MessageFactory.attachment(card), ...reference },
  "a typing indicator": { type: ActivityTypes.Typing, ...reference },
  "a message with a mention and Teams channel data": {
    ...MessageFactory.text("<at>User</at> hej"),
    ...reference,
    entities: [{ type: "mention", text: "<at>User</at>", mentioned: { id: "29:user", name: "User" } }],
    channelData: { notification: { alert: true }, tenant: { id: "tenant" } },
  },
};

/** The request each client makes for the same call, as the connector received it. */
async function bothRequests(call: (client: ConnectorClient) => Promise<unknown>): Promise<[Received, Received]> {
  await call(stock);
  await call(plain);
  const [fromStock, fromPlain] = connector.received;
  return [fromStock, fromPlain];
}

describe("replies, messages and updates sent as plain JSON", () => {
  it.each(Object.entries(sentActivities))(
    "reply with %s exactly as the stock client's serializer would",
    async (_name, activity) => {
      const [fromStock, fromPlain] = await bothRequests((client) =>
        client.conversations.replyToActivity(conversationId, "1700000000001", activity as Activity),
      );
      expect(fromPlain.method).toBe("POST");
      expect(fromPlain.path).toBe(fromStock.path);
      expect(fromPlain.body).toEqual(fromStock.body);
      for (const header of ["authorization", "content-type", "x-ms-conversation-id"])
        expect(fromPlain.headers[header], header).toBe(fromStock.headers[header]);
    },
  );

  it("send a message into a conversation exactly as the stock client would", async () => {
    const activity = { ...sentActivities["an Adaptive Card"], replyToId: undefined };
    const [fromStock, fromPlain] = await bothRequests((client) =>
      client.conversations.sendToConversation(conversationId, activity as Activity),
    );
    expect(fromPlain.path).toBe(
      "/emea/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000/activities",
    );
    expect(fromPlain.path).toBe(fromStock.path);
    expect(fromPlain.body).toEqual(fromStock.body);
    expect(fromPlain.headers.authorization).toBe(fromStock.headers.authorization);
  });

  it("replace a card in place (PUT with the activity's id) exactly as the stock client would", async () => {
    const activity = { ...sentActivities["an Adaptive Card"], id: "1700000000002" };
    const [fromStock, fromPlain] = await bothRequests((client) =>
      client.conversations.updateActivity(conversationId, "1700000000002", activity as Activity),
    );
    expect(fromPlain.method).toBe("PUT");
    expect(fromPlain.path).toBe(fromStock.path);
    expect(fromPlain.body).toEqual(fromStock.body);
  });

  it("answer with the id the connector gave, as the stock client does", async () => {
    const activity = sentActivities["a text message"] as Activity;
    connector.script = [{ status: 201, body: '{"id":"given-id","extra":1}' }];
    await expect(plain.conversations.replyToActivity(conversationId, "1", activity)).resolves.toEqual({
      id: "given-id",
    });
  });

  it("keep what the Bot Framework schema does not name, where the serializer drops it", async () => {
    const activity = {
      ...sentActivities["a text message"],
      entities: [{ type: "https://schema.org/Message", "@type": "Message", additionalType: ["AIGeneratedContent"] }],
    } as Activity;
    const [fromStock, fromPlain] = await bothRequests((client) =>
      client.conversations.sendToConversation(conversationId, activity),
    );
    expect(fromStock.body).toMatchObject({ entities: [{ type: "https://schema.org/Message" }] });
    expect((fromStock.body as Activity).entities?.[0]).not.toHaveProperty("additionalType");
    expect(fromPlain.body).toMatchObject({ entities: activity.entities });
  });

  it.each([
    [404, '{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}'],
    [
      403,
      '{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}',
    ],
    [400, ""],
  ])("refuse an answer of %i with the same error as the stock client", async (status, body) => {
    const activity = sentActivities["a text message"] as Activity;
    const failure = async (client: ConnectorClient) => {
      connector.script = [{ status, body }];
      return client.conversations.replyToActivity(conversationId, "1", activity).then(
        () => undefined,
        (error: Record<string, unknown>) => error,
      );
    };
    const fromStock = await failure(stock);
    const fromPlain = await failure(plain);
    expect(fromPlain).toBeInstanceOf(Error);
    for (const key of ["name", "statusCode", "code", "message"])
      expect(fromPlain?.[key], key).toEqual(fromStock?.[key]);
    expect(JSON.stringify(fromPlain)).not.toContain("token-of-the-app");
  });
});

describe("the Teams adapter on the bot's transport", () => {
  const adapter = createTeamsAdapter(
    loadConfig({ NODE_ENV: "test", MicrosoftAppId: "" }),
    reliableConnectorOptions(transport),
  );

  async function turn(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const response = {
      socket: null,
      status: () => undefined,
      header: () => undefined,
      send: () => undefined,
      end: () => undefined,
    };
    await adapter.process({ method: "POST", headers: {}, body: activity }, response, logic);
  }
  const inbound = {
    channelId: "msteams",
    serviceUrl: "",
    conversation: { id: conversationId } as Activity["conversation"],
    from: { id: "29:user", name: "User" },
    recipient: { id: "28:bot", name: "Bot" },
  };

  it("replies and replaces the card in place as plain JSON, and sends no invoke response to the connector", async () => {
    await turn({ ...inbound, serviceUrl: connector.url, type: "message", text: "meny", id: "m1" }, async (context) => {
      const sent = await context.sendActivity(MessageFactory.attachment(card));
      await context.updateActivity({ id: sent?.id, type: ActivityTypes.Message, attachments: [card] });
    });
    await turn(
      { ...inbound, serviceUrl: connector.url, type: "invoke", name: "adaptiveCard/action", id: "i1" },
      async (context) => {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: {} } });
      },
    );
    expect(
      connector.received.map((request) => `${request.method} ${request.path.replace(/^.*\/activities/, "…")}`),
    ).toEqual(["POST …/m1", "PUT …/r1"]);
    // The stock client's pipeline names itself in the user agent; these requests never went through it.
    for (const request of connector.received) expect(request.headers["user-agent"]).not.toContain("core-rest-pipeline");
    expect(connector.received[1].body).toMatchObject({ id: "r1", attachments: [card] });
  });
});
