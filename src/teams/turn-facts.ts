import { Channels, type TurnContext } from "botbuilder";
import { languageFromLocale, type Language } from "../domain/content/language";
import type { UserRef } from "../domain/progress/progress-store";

/**
 * What the domain needs to know about a turn, read from the Teams activity in one place: who the
 * user is, which workspace they are in, and which language to answer in.
 */
export function tenantOf(context: TurnContext): string | undefined {
  const activity = context.activity;
  if (!isFromTeams(context)) return undefined;
  // A group chat or a channel belongs to the workspace it lives in, whoever writes in it: its licence
  // decides, and a guest from another tenant takes part under it.
  if (isGroupConversation(context) && activity.conversation?.tenantId) return activity.conversation.tenantId;
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof channelTenant === "string" && channelTenant) return channelTenant;
  return activity.conversation?.tenantId || undefined;
}

/**
 * Only Teams vouches for who a user is and which workspace they are in. The bot's registration also
 * carries other channels (Web Chat and Direct Line come with every Azure Bot resource), with valid tokens,
 * where the client names the user and the tenant itself: an activity from there is nobody's.
 */
function isFromTeams(context: TurnContext): boolean {
  return context.activity.channelId === Channels.Msteams;
}

/**
 * The Entra object id identifies a person across devices and chats; the channel id is the fallback.
 * An activity with neither, or not from Teams, cannot be tied to anyone, so nothing may be stored for it.
 */
export function userOf(context: TurnContext): UserRef | undefined {
  if (!isFromTeams(context)) return undefined;
  const from = context.activity.from;
  const userId = from?.aadObjectId || from?.id;
  return userId ? { userId, tenantId: tenantOf(context) } : undefined;
}

const chosenLanguageKey = Symbol("chosenLanguage");

/** A language the user picked with `svenska`/`english` wins over the Teams client's locale. */
export function useChosenLanguage(context: TurnContext, language: Language | undefined): void {
  if (language) context.turnState.set(chosenLanguageKey, language);
}

export function languageOf(context: TurnContext): Language {
  return (
    (context.turnState.get(chosenLanguageKey) as Language | undefined) ?? languageFromLocale(context.activity.locale)
  );
}

/** For code that runs after the app has turned away activities without a user (see src/app.ts). */
export function knownUserOf(context: TurnContext): UserRef {
  const user = userOf(context);
  if (!user) throw new Error("Activity without a user reached a handler");
  return user;
}

/** The conversation's id, or "" for an activity that names none (what an incident draft is sealed to). */
export function conversationIdOf(context: TurnContext): string {
  return context.activity.conversation?.id ?? "";
}

/**
 * The same chat or channel, whichever thread of it: Teams gives a reply in a channel thread the channel's
 * id followed by `;messageid=<root>`, and everyone in the channel sees every thread.
 */
export function isSameConversation(a: string, b: string): boolean {
  const base = (id: string) => id.split(";messageid=")[0];
  return a !== "" && base(a) === base(b);
}

/** A group chat or a team channel: everyone in it sees what the bot says there. */
export function isGroupConversation(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === "groupChat" || type === "channel";
}

/** A deep link that opens the person's personal chat with this bot (Teams names the bot `28:<app id>`). */
export function personalChatUrlOf(context: TurnContext): string {
  const botId = context.activity.recipient?.id ?? "";
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}`;
}
