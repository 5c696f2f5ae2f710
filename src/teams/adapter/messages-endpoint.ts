import express from "express";
import { ActivityTypes, type Response as AdapterResponse, type TurnContext } from "botbuilder";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { z } from "zod/v4";
import { logger } from "../../platform/logger";

/** Bot Framework activities are small; a larger body is not an activity. */
export const activityBodyLimit = "256kb";

const text = z.string();
const account = z.looseObject({ id: text.nullish(), aadObjectId: text.nullish(), name: text.nullish() });

/**
 * What /api/messages accepts before the adapter sees it: an object with a `type`, and the fields the
 * adapter and the bot read having the JSON type the Bot Framework schema gives them. Whether the ids are
 * present, and what they say, is the bot's business (no user or no tenant is answered, never a crash).
 */
export const inboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  id: text.nullish(),
  name: text.nullish(),
  action: text.nullish(),
  channelId: text.nullish(),
  serviceUrl: text.nullish(),
  locale: text.nullish(),
  text: text.nullish(),
  timestamp: text.nullish(),
  localTimestamp: text.nullish(),
  expiration: text.nullish(),
  replyToId: text.nullish(),
  deliveryMode: text.nullish(),
  from: account.nullish(),
  recipient: account.nullish(),
  conversation: z
    .looseObject({ id: text.nullish(), tenantId: text.nullish(), conversationType: text.nullish() })
    .nullish(),
  channelData: z.looseObject({}).nullish(),
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
  entities: z.array(z.looseObject({})).nullish(),
  attachments: z.array(z.looseObject({})).nullish(),
});

const knownTypes: ReadonlySet<string> = new Set(Object.values(ActivityTypes));

/**
 * POST /api/messages: parse, check the shape, then the adapter (which authenticates) and the bot.
 * Answers are short JSON, never a stack trace or a library's error text.
 */
export function createMessagesEndpoint(
  adapter: TeamsAdapter,
  handleTurn: (context: TurnContext) => Promise<void>,
): express.Router {
  const router = express.Router();
  router.post(
    "/",
    express.json({ limit: activityBodyLimit }),
    (req, res, next) => {
      const activity = inboundActivity.safeParse(req.body);
      if (!activity.success) {
        res.status(400).json({ error: "not an activity" });
        return;
      }
      next();
    },
    async (req, res) => {
      await adapter.process(req, guardedResponse(res), (context) => runTurn(context, handleTurn));
    },
  );
  router.use(((error, _req, res, _next) => {
    const type = (error as { type?: unknown })?.type;
    if (res.headersSent) return;
    if (type === "entity.too.large") {
      res.status(413).json({ error: "payload too large" });
    } else if (type === "entity.parse.failed" || type === "encoding.unsupported" || type === "charset.unsupported") {
      res.status(400).json({ error: "invalid JSON" });
    } else {
      logger.error({ err: { name: error?.name, message: error?.message } }, "activity failed");
      res.status(500).json({ error: "internal error" });
    }
  }) as express.ErrorRequestHandler);
  return router;
}

/**
 * Activity types the Bot Framework does not define are ignored (200, no turn). Invokes always get an answer:
 * one no handler answered gets an empty 200, as Teams retries and shows an error on anything else.
 */
async function runTurn(context: TurnContext, handleTurn: (context: TurnContext) => Promise<void>): Promise<void> {
  if (!knownTypes.has(context.activity.type)) return;
  let answered = false;
  context.onSendActivities(async (_context, activities, next) => {
    if (activities.some((activity) => activity.type === ActivityTypes.InvokeResponse)) answered = true;
    return next();
  });
  await handleTurn(context);
  if (context.activity.type === ActivityTypes.Invoke && !answered) {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: {} } });
  }
}

/**
 * The adapter writes its own answers: a 401 with botbuilder's reason (which can quote the token) and, when
 * something fails, a 500 with the error's message. Both are replaced by a short JSON body.
 */
function guardedResponse(res: express.Response): AdapterResponse {
  let status = 200;
  let body: unknown;
  return {
    socket: res.socket,
    header: (name: string, value: unknown) => {
      res.header(name, String(value));
    },
    status: (code: number) => {
      status = code;
    },
    send: (content: unknown) => {
      body = content;
    },
    end: () => {
      if (res.headersSent) return;
      if (status === 401) {
        res.status(401).set("WWW-Authenticate", "Bearer").json({ error: "unauthorized" });
      } else if (status >= 500) {
        logger.error({ status }, "activity failed");
        res.status(status).json({ error: "internal error" });
      } else if (body === undefined) {
        res.status(status).end();
      } else {
        res.status(status).send(body);
      }
    },
  };
}
