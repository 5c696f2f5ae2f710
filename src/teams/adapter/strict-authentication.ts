import {
  StatusCodes,
  type Activity,
  type InvokeResponse,
  type Request,
  type Response,
  type TurnContext,
} from "botbuilder";
import { validateAndFixActivity } from "botbuilder/lib/activityValidator";
import { TeamsAdapter } from "@microsoft/teams-ai";
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from "botframework-connector";
import type { INodeBuffer, INodeSocket } from "botframework-streaming";
import { logger } from "../../platform/logger";
import { RetryingConnectorHttpClient } from "./connector-http-client";
import { withPlainJsonConversations } from "./plain-json-conversations";

/** Clients kept per adapter: one per app id and Bot Connector endpoint, of which Teams has a few per region. */
const maxCachedClients = 32;

/**
 * botbuilder answers some rejected tokens with 500 and the library's error text: a token signed with
 * another key, a malformed signature or an unsupported algorithm throw the raw `jsonwebtoken` error,
 * which CloudAdapter does not recognise as an authentication failure. Every failure to authenticate is
 * a 401 here, whatever threw it, and the turn never starts.
 *
 * botbuilder also builds a new Bot Connector client and user token client for every turn, each with its
 * own HTTP pipeline and credentials (~5 % of a turn's CPU, measured in bench/RESULTS.md). They hold
 * nothing of the turn, so one per app id, audience and endpoint serves every turn and every proactive message.
 * On the bot's own transport, those clients send replies, messages and updates as plain JSON
 * (plain-json-conversations.ts).
 *
 * And botbuilder's `process` checks every request with zod schemas it builds anew on each call (~20 µs,
 * 1–2 % of a turn's CPU); `process` here does the same checks by hand and then exactly what botbuilder's does.
 */
export class StrictlyAuthenticatingTeamsAdapter extends TeamsAdapter {
  private readonly connectors = new BoundedCache<ConnectorClient>(maxCachedClients);
  private readonly userTokenClients = new BoundedCache<UserTokenClient>(maxCachedClients);
  private readonly transport: RetryingConnectorHttpClient | undefined;

  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    const httpClient: unknown = args[3]?.httpClient;
    this.transport = httpClient instanceof RetryingConnectorHttpClient ? httpClient : undefined;
    const authentication = this.botFrameworkAuthentication;
    const createUserTokenClient = authentication.createUserTokenClient.bind(authentication);
    authentication.createUserTokenClient = (claims) =>
      this.userTokenClients.get(appIdOf(claims), () => createUserTokenClient(claims));
    const createConnectorFactory = authentication.createConnectorFactory.bind(authentication);
    authentication.createConnectorFactory = (claims) =>
      this.cachedConnectors(appIdOf(claims), createConnectorFactory(claims));
  }

  override process(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  override process(req: Request, socket: INodeSocket, head: INodeBuffer, logic: TurnLogic): Promise<void>;
  override async process(
    req: Request,
    resOrSocket: Response | INodeSocket,
    logicOrHead: TurnLogic | INodeBuffer,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const authHeader = req.headers.Authorization ?? req.headers.authorization ?? "";
    const body = req.body as Partial<Activity> | undefined;
    const plainPost =
      !maybeLogic &&
      typeof logicOrHead === "function" &&
      "header" in resOrSocket &&
      req.method === "POST" &&
      typeof body === "object" &&
      body !== null &&
      !Array.isArray(body) &&
      typeof body.type === "string" &&
      body.type !== "" &&
      typeof authHeader === "string";
    // Anything else (a streaming connection, a request botbuilder answers with an error) takes botbuilder's path.
    if (!plainPost) return super.process(req, resOrSocket as INodeSocket, logicOrHead as INodeBuffer, maybeLogic!);
    const res = resOrSocket;
    const end = (status: number, content?: unknown) => {
      res.status(status);
      if (content) res.send(content);
      res.end();
    };
    res.header("User-Agent", this.userAgent);
    try {
      const invokeResponse = await this.processActivity(
        authHeader,
        validateAndFixActivity(body as Activity),
        logicOrHead,
      );
      end(invokeResponse?.status ?? StatusCodes.OK, invokeResponse?.body);
    } catch (error) {
      // botbuilder prints the error to the console; here it goes to the bot's structured log.
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "activity refused");
      end(
        error instanceof AuthenticationError ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR,
        (error as { message?: unknown }).message ?? error,
      );
    }
  }

  protected override async processActivity(
    authHeaderOrResult: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (typeof authHeaderOrResult !== "string") return super.processActivity(authHeaderOrResult, activity, logic);
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeaderOrResult);
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      logger.warn({ reason: name }, "request refused: not authenticated");
      throw new AuthenticationError("Unauthorized", 401);
    }
    return super.processActivity(this.withCachedConnectors(authenticated), activity, logic);
  }

  private withCachedConnectors(authenticated: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = authenticated.connectorFactory;
    if (!factory) return authenticated;
    return {
      ...authenticated,
      connectorFactory: this.cachedConnectors(appIdOf(authenticated.claimsIdentity), factory),
    };
  }

  private cachedConnectors(appId: string, factory: ConnectorFactory): ConnectorFactory {
    return {
      create: (serviceUrl, audience) =>
        this.connectors.get(JSON.stringify([appId, audience, serviceUrl]), async () => {
          const client = await factory.create(serviceUrl, audience);
          return this.transport ? withPlainJsonConversations(client, serviceUrl, this.transport) : client;
        }),
    };
  }
}

type TurnLogic = (context: TurnContext) => Promise<void>;

/** The app id botbuilder builds a turn's clients for (its own `getAppId`: the audience claim, else the app id claim). */
function appIdOf(claims: ClaimsIdentity): string {
  return (
    claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ""
  );
}

/** The most recently used clients by key; a client that failed to be made is not kept. */
class BoundedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    else {
      const made = make();
      made.catch(() => {
        if (this.entries.get(key) === made) this.entries.delete(key);
      });
      entry = made;
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
