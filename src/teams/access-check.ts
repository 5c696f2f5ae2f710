import { TeamsInfo, type TurnContext } from "botbuilder";
import type { AdaptiveCard } from "../cards/adaptive-card";
import { accessCard, type DeniedAccess } from "../cards/access-card";
import { mayLead } from "../domain/group-sessions/who-may-lead";
import type { Access } from "../domain/licensing/access";
import { logger } from "../platform/logger";
import type { BotServices } from "./bot-services";
import { answerWithCard } from "./send-card";
import { knownUserOf, languageOf, tenantOf } from "./turn-facts";

const accessKey = Symbol("access");

/** Asks the licence gate about this turn's user and remembers the answer for the handlers. */
export async function checkAccess(context: TurnContext, services: Pick<BotServices, "licensing">): Promise<Access> {
  const user = knownUserOf(context);
  const access = await services.licensing.gate.accessFor(tenantOf(context), user.userId, () => lookupMember(context));
  context.turnState.set(accessKey, access);
  return access;
}

export function accessOf(context: TurnContext): Access | undefined {
  return context.turnState.get(accessKey) as Access | undefined;
}

/** The sender as Teams' own directory (the Bot Connector's member API) has them, not as the activity says. */
function memberOf(context: TurnContext) {
  return TeamsInfo.getMember(context, context.activity.from.id);
}

/** The user's e-mail from the member API, so grants made by e-mail find them. */
async function lookupMember(context: TurnContext): Promise<{ email?: string; displayName?: string } | undefined> {
  const member = await memberOf(context);
  return { email: member.email ?? member.userPrincipalName ?? undefined, displayName: member.name ?? undefined };
}

/**
 * The turn holds its conversation's lock and its transaction while it waits for the member API (which the
 * connector client retries when it fails), so a hung one is given up on and the person asked to try again.
 */
const leadershipLookupMs = 5000;

/**
 * Whether the sender may lead a group session here (src/domain/group-sessions/who-may-lead.ts). Only the
 * member API can tell: in a group the activity carries the conversation's workspace for everyone, and a
 * guest's channelData may name the host's. "unknown" when Teams could not be asked.
 */
export async function leadershipOf(context: TurnContext): Promise<"mayLead" | "mayNotLead" | "unknown"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${leadershipLookupMs} ms`)), leadershipLookupMs);
  });
  try {
    const member = await Promise.race([memberOf(context), timeout]);
    const facts = { memberTenantId: member.tenantId, role: member.userRole, conversationTenantId: tenantOf(context) };
    return mayLead(facts) ? "mayLead" : "mayNotLead";
  } catch (error) {
    logger.warn(
      { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
      "member lookup failed, so the group session did not start",
    );
    return "unknown";
  } finally {
    clearTimeout(timer);
  }
}

export async function accessCardFor(
  context: TurnContext,
  services: Pick<BotServices, "content" | "licensing">,
  access: DeniedAccess,
): Promise<AdaptiveCard> {
  const tenantId = tenantOf(context);
  const pending =
    access.kind === "noLicence" && tenantId ? await services.licensing.orders.pendingFor(tenantId) : undefined;
  return accessCard(
    services.content.ui(languageOf(context)),
    access,
    pending && { number: pending.number, awaitingConfirmation: pending.status === "awaiting_confirmation" },
  );
}

/** Answers a turn the gate stopped, as a message or inside the invoke response. */
export async function refuseTurn(
  context: TurnContext,
  services: Pick<BotServices, "content" | "licensing">,
  access: DeniedAccess,
): Promise<void> {
  await answerWithCard(context, await accessCardFor(context, services, access));
}
