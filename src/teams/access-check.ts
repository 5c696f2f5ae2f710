import { TeamsInfo, type TurnContext } from "botbuilder";
import type { AdaptiveCard } from "../cards/adaptive-card";
import { accessCard, type DeniedAccess } from "../cards/access-card";
import type { Access } from "../domain/licensing/access";
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

/** The user's e-mail from the Bot Connector's member API, so grants made by e-mail find them. */
async function lookupMember(context: TurnContext): Promise<{ email?: string; displayName?: string } | undefined> {
  const member = await TeamsInfo.getMember(context, context.activity.from.id);
  return { email: member.email ?? member.userPrincipalName ?? undefined, displayName: member.name ?? undefined };
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
