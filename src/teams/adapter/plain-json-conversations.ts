import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Activity, ResourceResponse } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import { PlainHeaders, type RetryingConnectorHttpClient } from "./connector-http-client";

type PlainOperation = "replyToActivity" | "sendToConversation" | "updateActivity";

/** One Bot Connector request: a reply also names its conversation in `x-ms-conversation-id`. */
interface PlainRequest {
  method: "POST" | "PUT";
  path: string;
  activity: Partial<Activity>;
  conversationId?: string;
}

/** The statuses botframework-connector's operation specs accept for a reply, a message and an update. */
const acceptedStatuses = new Set([200, 201, 202]);

const userAgent = `botframework-connector/4.0.0 Microsoft-BotFramework/3.1 Node/${process.versions.node} (${os.type()} ${os.release()}; ${process.arch})`;

/**
 * The Bot Connector operations every turn makes (botbuilder's CloudAdapter replies with `replyToActivity`, sends
 * with `sendToConversation`, replaces a card with `updateActivity`) as `JSON.stringify(activity)` on the bot's
 * own transport, without the Azure pipeline and its mapper-driven serializer (~10 % of a turn's CPU, measured in
 * bench/RESULTS.md). The request is the stock client's: same URL, the Authorization header the client's
 * credentials sign, `x-ms-conversation-id` on a reply, the transport's pacing and retries; a status the
 * operation does not accept throws a RestError-like error with statusCode, code and message from the body.
 * The body differs from the serializer's only where the Bot Framework schema does not reach: properties the
 * schema does not name are sent (the serializer drops them, entity fields beyond type, text and mentioned
 * included), and a date given as a string is sent as given (the serializer rewrites it as UTC ISO).
 * Everything else, and a call with options or a callback, stays on the stock client.
 */
export function withPlainJsonConversations(
  client: ConnectorClient,
  serviceUrl: string,
  transport: RetryingConnectorHttpClient,
): ConnectorClient {
  const conversations = client.conversations;
  const send = async ({ method, path, activity, conversationId }: PlainRequest): Promise<ResourceResponse> => {
    const headers = new PlainHeaders({
      "content-type": "application/json; charset=utf-8",
      "user-agent": userAgent,
      "x-ms-client-request-id": randomUUID(),
    });
    if (conversationId !== undefined) headers.set("x-ms-conversation-id", conversationId);
    const request = { url: endpoint(serviceUrl, path), method, headers, body: JSON.stringify(activity) };
    await client.credentials.signRequest(request as never);
    const response = (await transport.sendRequest(request)) as {
      status: number;
      headers: PlainHeaders;
      bodyAsText: string;
    };
    return resourceResponse(request, response);
  };
  /** `operation` sent as plain JSON when called with its `arity` arguments alone; with options or a callback, as stock. */
  const sendPlain = <Args extends unknown[]>(
    operation: PlainOperation,
    arity: Args["length"],
    requestOf: (...args: Args) => PlainRequest,
  ) => {
    const stock = (conversations[operation] as (...args: unknown[]) => Promise<unknown>).bind(conversations);
    conversations[operation] = ((...args: unknown[]) =>
      args.length > arity ? stock(...args) : send(requestOf(...(args as Args)))) as never;
  };
  const activities = (conversationId: string) => `v3/conversations/${encodeURIComponent(conversationId)}/activities`;
  const activityPath = (conversationId: string, activityId: string) =>
    `${activities(conversationId)}/${encodeURIComponent(activityId)}`;
  sendPlain("replyToActivity", 3, (conversationId: string, activityId: string, activity: Activity) => ({
    method: "POST",
    path: activityPath(conversationId, activityId),
    activity,
    conversationId,
  }));
  sendPlain("sendToConversation", 2, (conversationId: string, activity: Activity) => ({
    method: "POST",
    path: activities(conversationId),
    activity,
  }));
  sendPlain("updateActivity", 3, (conversationId: string, activityId: string, activity: Activity) => ({
    method: "PUT",
    path: activityPath(conversationId, activityId),
    activity,
  }));
  return client;
}

/** The service URL with the operation's path appended, as core-client joins them (the service URL's own path kept). */
function endpoint(serviceUrl: string, path: string): string {
  return `${serviceUrl.endsWith("/") ? serviceUrl : `${serviceUrl}/`}${path}`;
}

/** The connector's answer as the stock operation gives it: the resource's id, or the error botbuilder expects. */
function resourceResponse(
  request: { url: string; method: string },
  response: { status: number; headers: PlainHeaders; bodyAsText: string },
): ResourceResponse {
  let body: unknown;
  try {
    body = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
  } catch {
    // An accepted message whose answer is not JSON was still delivered; it has no id to update it by.
  }
  if (acceptedStatuses.has(response.status)) {
    const id = (body as { id?: unknown } | undefined)?.id;
    return typeof id === "string" ? { id } : ({} as ResourceResponse);
  }
  const detail = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const message = typeof detail?.message === "string" && detail.message ? detail.message : response.bodyAsText;
  const error = Object.assign(new Error(message), {
    name: "RestError",
    statusCode: response.status,
    code: typeof detail?.code === "string" ? detail.code : undefined,
    details: body,
  });
  // As on Azure's RestError: the request (with its Authorization header) is not enumerable, so a logged error does not show it.
  Object.defineProperty(error, "request", { value: request, enumerable: false });
  Object.defineProperty(error, "response", { value: response, enumerable: false });
  throw error;
}
