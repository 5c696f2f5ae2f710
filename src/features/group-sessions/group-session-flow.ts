import type { TurnContext } from "botbuilder";
import type { AdaptiveCard, Notice } from "../../cards/adaptive-card";
import { groupHelpCard } from "../../cards/group-help-card";
import { groupNoticeCard } from "../../cards/group-notice-card";
import { endedGroupSessionCard, groupSessionCard } from "../../cards/group-session-card";
import { groupWelcomeCard } from "../../cards/group-welcome-card";
import type { Theme } from "../../domain/content/content-schema";
import { facilitatorGuideUrl } from "../../domain/content/facilitator-guide-url";
import type { Language } from "../../domain/content/language";
import { fill, type UiText } from "../../domain/content/ui-text-schema";
import type { AnswerOutcome, GroupSession } from "../../domain/group-sessions/group-session-store";
import { fewestAnswersToReveal, mayReveal } from "../../domain/group-sessions/reveal-rule";
import { maxReflectionLength } from "../../domain/reflections/reflection-store";
import { afterCommit } from "../../platform/storage/turn-transaction";
import { accessOf, leadershipOf } from "../../teams/access-check";
import type { BotServices } from "../../teams/bot-services";
import { replaceCard, sendCard, sendCardKeepingId } from "../../teams/send-card";
import {
  conversationIdOf,
  isSameConversation,
  knownUserOf,
  languageOf,
  personalChatUrlOf,
  tenantOf,
} from "../../teams/turn-facts";

type Role = "facilitator" | "participant";

/**
 * A theme taken together in a group chat or a channel. Whoever starts it leads it; the group shares one
 * card that the bot updates in place (the participants' view in the message, the facilitator's controls
 * through the card's refresh). Who pressed is always what Teams says (`activity.from`), never card data.
 * Nothing here touches anyone's own progress or reflections.
 */
export type GroupSessionServices = Pick<BotServices, "content" | "groupSessions" | "publicBaseUrl" | "staticBaseUrl">;

export class GroupSessionFlow {
  constructor(private readonly services: GroupSessionServices) {}

  private ui(language: Language): UiText {
    return this.services.content.ui(language);
  }

  /** What a group can take: the four themes, then the paths (such as "Stötta en kollega"). */
  themes(language: Language): readonly Theme[] {
    return [...this.services.content.themes(language), ...this.services.content.paths(language)];
  }

  /** The theme "starta tema 2" names; paths have no number and start from the welcome card. */
  themeNumbered(language: Language, number: number): Theme | undefined {
    return this.services.content.themes(language).find((theme) => theme.order === number);
  }

  private guideUrl(language: Language, themeId: string): string {
    return facilitatorGuideUrl(this.services.publicBaseUrl, language, themeId);
  }

  private welcomeCard(context: TurnContext, notice?: Notice): AdaptiveCard {
    const language = languageOf(context);
    const access = accessOf(context);
    return groupWelcomeCard({
      ui: this.ui(language),
      themes: this.themes(language),
      guideUrl: (themeId) => this.guideUrl(language, themeId),
      licensed: access?.kind === "granted" || access?.kind === "notGranted",
      personalChatUrl: personalChatUrlOf(context),
      notice,
    });
  }

  async welcome(context: TurnContext): Promise<void> {
    await sendCard(context, this.welcomeCard(context));
  }

  async help(context: TurnContext): Promise<void> {
    await sendCard(context, groupHelpCard(this.ui(languageOf(context)), personalChatUrlOf(context)));
  }

  private notice(context: TurnContext, text: string): AdaptiveCard {
    return groupNoticeCard(this.ui(languageOf(context)), text, personalChatUrlOf(context));
  }

  /** `starta tema 2` typed in the group: the shared card, or a message saying why not. */
  async startTyped(context: TurnContext, number: number | undefined): Promise<void> {
    const language = languageOf(context);
    const theme = number === undefined ? undefined : this.themeNumbered(language, number);
    if (!theme)
      return sendCard(
        context,
        this.notice(context, fill(this.ui(language).group.noSuchTheme, { number: number ?? "" })),
      );
    const refusal = await this.start(context, theme);
    if (refusal) await sendCard(context, this.notice(context, refusal));
  }

  /** A start button on the welcome card: the shared card is posted, and the welcome card says so. */
  async startPressed(context: TurnContext, themeId: string | undefined): Promise<AdaptiveCard> {
    const language = languageOf(context);
    const theme = this.themes(language).find((t) => t.id === themeId);
    if (!theme) return this.welcomeCard(context, { text: this.ui(language).errors.unknownAction, tone: "attention" });
    const refusal = await this.start(context, theme);
    const started = fill(this.ui(language).group.started, { title: theme.title });
    return this.welcomeCard(context, refusal ? { text: refusal, tone: "attention" } : { text: started, tone: "good" });
  }

  /**
   * Starts the session and posts its shared card once the turn has committed (the card's id is known only
   * then). A second start of the same theme by the same facilitator finds the running one; its card is
   * posted again only if the first never arrived. Returns why not, when it does not start.
   */
  private async start(context: TurnContext, theme: Theme): Promise<string | undefined> {
    const ui = this.ui(languageOf(context));
    // Leading a session is using the material, so the facilitator needs their own access (the licence
    // gate admits the rest of the group by the conversation's licence alone), and must be the
    // organisation's own: a workspace open to everyone grants a guest in its group chat too.
    if (accessOf(context)?.kind !== "granted") return ui.group.needsAccessToLead;
    const leadership = await leadershipOf(context);
    if (leadership === "unknown") return ui.group.leaderUnknown;
    if (leadership === "mayNotLead") return ui.group.onlyOwnLead;
    const user = knownUserOf(context);
    const { session, isNew } = await this.services.groupSessions.start({
      tenantId: tenantOf(context) ?? "",
      conversationId: conversationIdOf(context),
      themeId: theme.id,
      language: languageOf(context),
      facilitator: { userId: user.userId, channelId: context.activity.from.id },
    });
    if (!isNew && session.sharedActivityId) return fill(ui.group.alreadyRunning, { title: theme.title });
    const card = await this.sharedCard(session);
    await afterCommit(async () => {
      const activityId = await sendCardKeepingId(context, card);
      if (activityId) await this.services.groupSessions.setSharedActivity(session.id, activityId);
    });
    return undefined;
  }

  /** The card for whoever asks (the facilitator's client refreshing, or anyone pressing on an old card). */
  async refresh(context: TurnContext, sessionId: string): Promise<AdaptiveCard> {
    return this.forSession(context, sessionId, async (session) => this.card(session, this.roleOf(context, session)));
  }

  async move(
    context: TurnContext,
    sessionId: string,
    direction: "next" | "back",
    fromStep: number,
  ): Promise<AdaptiveCard> {
    return this.asFacilitator(context, sessionId, async (session) => {
      const theme = this.themeOf(session);
      const toStep = Math.min(Math.max(fromStep + (direction === "next" ? 1 : -1), 0), theme.steps.length - 1);
      // A second press of the same button finds the session moved already: it moves once.
      if (toStep !== fromStep && (await this.services.groupSessions.move(session.id, fromStep, toStep))) {
        const moved = { ...session, stepIndex: toStep };
        await this.updateShared(context, moved);
        return this.card(moved, "facilitator");
      }
      return this.card(session, "facilitator");
    });
  }

  async answer(context: TurnContext, sessionId: string, stepId: string, text: string): Promise<AdaptiveCard> {
    return this.forSession(context, sessionId, async (session) => {
      const role = this.roleOf(context, session);
      const step = this.themeOf(session).steps[session.stepIndex];
      // An answer from a card of a step the group has left goes nowhere: the card shows where it is now.
      if (step.id !== stepId || step.type !== "reflection") {
        return this.card(session, role, { text: this.ui(session.language).group.movedOn, tone: "attention" });
      }
      const outcome = await this.services.groupSessions.answer(session.id, stepId, knownUserOf(context).userId, text);
      if (outcome.kind === "saved" || outcome.kind === "replaced") await this.updateShared(context, session);
      return this.card(session, role, this.answerNotice(this.ui(session.language), outcome));
    });
  }

  async reveal(context: TurnContext, sessionId: string, stepId: string): Promise<AdaptiveCard> {
    return this.asFacilitator(context, sessionId, async (session) => {
      const ui = this.ui(session.language);
      const count = await this.services.groupSessions.answerCount(session.id, stepId);
      if (!mayReveal(count)) {
        const text = fill(ui.group.revealTooFew, { min: fewestAnswersToReveal, count });
        return this.card(session, "facilitator", { text, tone: "attention" });
      }
      if (await this.services.groupSessions.reveal(session.id, stepId)) {
        const revealed = { ...session, revealedStepIds: [...session.revealedStepIds, stepId] };
        await this.updateShared(context, revealed);
        return this.card(revealed, "facilitator");
      }
      return this.card(session, "facilitator");
    });
  }

  async end(context: TurnContext, sessionId: string): Promise<AdaptiveCard> {
    return this.asFacilitator(context, sessionId, async (session) => {
      await this.services.groupSessions.end(session.id);
      const ended = this.endedCard(session);
      if (session.sharedActivityId) await replaceCard(context, session.sharedActivityId, ended);
      return ended;
    });
  }

  private async forSession(
    context: TurnContext,
    sessionId: string,
    act: (session: GroupSession) => Promise<AdaptiveCard>,
  ): Promise<AdaptiveCard> {
    const session = await this.services.groupSessions.running(sessionId);
    // A session is its chat's: a press carrying its id from anywhere else (a forwarded card, a forged
    // value) gets the same answer as an ended one, so it learns nothing and changes nothing.
    if (!session || !isSameConversation(session.conversationId, conversationIdOf(context)))
      return this.notice(context, this.ui(languageOf(context)).group.gone);
    return act(session);
  }

  /** Anyone else pressing a facilitator's button is told so, on their own card; nothing changes. */
  private asFacilitator(
    context: TurnContext,
    sessionId: string,
    act: (session: GroupSession) => Promise<AdaptiveCard>,
  ): Promise<AdaptiveCard> {
    return this.forSession(context, sessionId, async (session) => {
      if (this.roleOf(context, session) === "facilitator") return act(session);
      const text = this.ui(session.language).group.onlyFacilitator;
      return this.card(session, "participant", { text, tone: "attention" });
    });
  }

  private roleOf(context: TurnContext, session: GroupSession): Role {
    return knownUserOf(context).userId === session.facilitator.userId ? "facilitator" : "participant";
  }

  private themeOf(session: GroupSession): Theme {
    const theme = this.services.content.theme(session.language, session.themeId);
    if (!theme) throw new Error(`A group session runs theme ${session.themeId}, which the content no longer has`);
    return theme;
  }

  /** The shared message, updated in place for everyone (the facilitator's client then refreshes its own). */
  private async updateShared(context: TurnContext, session: GroupSession): Promise<void> {
    if (session.sharedActivityId) await replaceCard(context, session.sharedActivityId, await this.sharedCard(session));
  }

  /** The shared message: the participants' view, refreshed into the facilitator's by their client. */
  private sharedCard(session: GroupSession): Promise<AdaptiveCard> {
    return this.card(session, "participant", undefined, session.facilitator.channelId);
  }

  private async card(session: GroupSession, role: Role, notice?: Notice, refreshFor?: string): Promise<AdaptiveCard> {
    const theme = this.themeOf(session);
    const stepIndex = Math.min(session.stepIndex, theme.steps.length - 1);
    const step = theme.steps[stepIndex];
    const isReflection = step.type === "reflection";
    const { groupSessions, publicBaseUrl, staticBaseUrl } = this.services;
    return groupSessionCard({
      ui: this.ui(session.language),
      theme,
      stepIndex,
      language: session.language,
      publicBaseUrl,
      staticBaseUrl,
      sessionId: session.id,
      role,
      refreshFor,
      guideUrl: this.guideUrl(session.language, theme.id),
      answerCount: isReflection ? await groupSessions.answerCount(session.id, step.id) : 0,
      revealedAnswers:
        isReflection && session.revealedStepIds.includes(step.id)
          ? await groupSessions.answers(session.id, step.id)
          : undefined,
      notice,
    });
  }

  private endedCard(session: GroupSession): AdaptiveCard {
    return endedGroupSessionCard(
      this.ui(session.language),
      this.themeOf(session),
      this.guideUrl(session.language, session.themeId),
    );
  }

  private answerNotice(ui: UiText, outcome: AnswerOutcome): Notice | undefined {
    switch (outcome.kind) {
      case "saved":
        return { text: ui.group.answerSaved, tone: "good" };
      case "replaced":
        return { text: ui.group.answerReplaced, tone: "good" };
      case "empty":
        return { text: ui.group.answerEmpty, tone: "attention" };
      case "tooLong":
        return {
          text: fill(ui.group.answerTooLong, { length: outcome.length, max: maxReflectionLength }),
          tone: "attention",
        };
      case "notRunning":
        return { text: ui.group.gone, tone: "attention" };
    }
  }
}
