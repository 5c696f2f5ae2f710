/**
 * The Playground's group chat (the config's `groupChat`: the current user, the five `users` and the
 * bot) for a test: the current user acts in the browser, the other members through the Playground's
 * own APIs, since its UI can only ever be the current user. What the Playground can and cannot do
 * there: test/e2e/support/group-chats.md.
 *
 *   const group = groupChat(session);
 *   await group.open();
 *   await group.mentionBot("starta tema 2");           // in the browser, as the current user
 *   await group.member(0).pressOnNewestCard("Skicka svar", { groupAnswer: "…" });
 */
import { allActions, type CardAction } from "../../support/test-user";
import type { E2ESession } from "./e2e-session";
import {
  ADAPTIVE_CARD,
  invokeCardAction,
  sendCustomMessage,
  type CardJson,
  type PlaygroundUser,
  type StreamedBotMessage,
} from "./playground";

export interface GroupMember {
  readonly user: PlaygroundUser;
  /** Writes `@bot <text>` in the group chat (the bot's answer shows in the page; the message does not). */
  mentionBot(text: string): Promise<void>;
  /**
   * Presses the Action.Execute titled `title` on the newest bot card in the group chat that has one,
   * with the card's inputs set to `inputs` (by input id). Resolves with the card this member sees
   * afterwards; the page shows only what the bot updates for everyone. With `asShownToCurrentUser`, the
   * button is taken from the card as the current user sees it (a forged press of a button this member's
   * own view does not have, e.g. the facilitator's).
   */
  pressOnNewestCard(
    title: string,
    inputs?: Record<string, string>,
    options?: { asShownToCurrentUser?: boolean },
  ): Promise<CardJson>;
}

export interface GroupChat {
  readonly id: string;
  readonly name: string;
  /** Opens the group chat in the page's left rail. */
  open(): Promise<void>;
  /** The current user types `@bot <text>` in the group chat's composer. */
  mentionBot(text: string): Promise<void>;
  /** One of the group's other members: the config's `users[index]`. */
  member(index: number): GroupMember;
  /** The bot's messages in the group chat, oldest first, as it last sent them. */
  botMessages(): StreamedBotMessage[];
}

/** The Action.Execute titled `title` anywhere in a card (the HTTP tests' reading of cards). */
function executeAction(card: CardJson, title: string): { verb: string; data?: Record<string, unknown> } | undefined {
  const action = allActions(card).find((a) => a.type === "Action.Execute" && a.title === title);
  return action as (CardAction & { verb: string }) | undefined;
}

export function groupChat(session: E2ESession): GroupChat {
  const { config, page, playground } = session;
  const [chat] = config.groupChats;
  if (!chat) throw new Error("the Playground config has no group chat");
  const botMessages = () => page.botMessages(chat.id);

  const member = (index: number): GroupMember => {
    const user = config.users[index];
    if (!user || !chat.members.includes(user.id)) throw new Error(`users[${index}] is not in the group chat`);
    return {
      user,
      mentionBot: (text) =>
        sendCustomMessage(playground.url, { text, from: user, conversationId: chat.id, mentionBot: true }),
      async pressOnNewestCard(title, inputs = {}, options = {}) {
        const newest = botMessages()
          .flatMap((message) =>
            (options.asShownToCurrentUser ? message.shownCards : message.cards).map((card) => ({
              message,
              action: executeAction(card, title),
            })),
          )
          .filter((found) => found.action !== undefined)
          .pop();
        if (!newest?.action) throw new Error(`no card in the group chat has an Action.Execute "${title}"`);
        const answer = await invokeCardAction(playground.url, {
          userId: user.id,
          conversationId: chat.id,
          messageId: newest.message.messageId,
          action: { title, verb: newest.action.verb, data: { ...newest.action.data, ...inputs } },
        });
        if (answer.type !== ADAPTIVE_CARD) throw new Error(`"${title}" was answered with ${JSON.stringify(answer)}`);
        return answer.value as CardJson;
      },
    };
  };

  return {
    id: chat.id,
    name: chat.name,
    open: () => page.openConversation(chat.name),
    mentionBot: (text) => page.send(text, { mention: config.bot.name }),
    member,
    botMessages,
  };
}
