import type { Activity, InvokeResponse, TurnContext } from "botbuilder";
import { TeamsAdapter } from "@microsoft/teams-ai";
import { AuthenticationError, type AuthenticateRequestResult } from "botframework-connector";
import { logger } from "../../platform/logger";

/**
 * botbuilder answers some rejected tokens with 500 and the library's error text: a token signed with
 * another key, a malformed signature or an unsupported algorithm throw the raw `jsonwebtoken` error,
 * which CloudAdapter does not recognise as an authentication failure. Every failure to authenticate is
 * a 401 here, whatever threw it, and the turn never starts.
 */
export class StrictlyAuthenticatingTeamsAdapter extends TeamsAdapter {
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
    return super.processActivity(authenticated, activity, logic);
  }
}
