import { randomUUID } from "node:crypto";
import type { TurnContext } from "botbuilder";
import {
  ComponentDialog,
  Dialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from "botbuilder-dialogs";
import {
  moveStepAction,
  reflectionChoiceAction,
  type MoveStepAction,
  type ReflectionChoiceAction,
} from "../src/cards/card-actions";
import { noticeCard } from "../src/cards/notice-card";
import { themeDoneCard } from "../src/cards/theme-done-card";
import type { Notice } from "../src/cards/adaptive-card";
import { themeStepCard } from "../src/cards/theme-step-card";
import type { Theme } from "../src/domain/content/content-schema";
import { fill, type UiText } from "../src/domain/content/ui-text-schema";
import { maxReflectionLength } from "../src/domain/reflections/reflection-store";
import type { BotServices } from "../src/teams/bot-services";
import { uiTextsOf } from "../src/teams/turn-view";
import { sendCard } from "../src/teams/send-card";
import { knownUserOf, languageOf } from "../src/teams/turn-facts";

/**
 * A button press as the dialog keeps it in its options, which live in bot state: never with what the
 * user typed. The typed answer is read from the turn's own activity when it is saved, and nowhere else.
 */
export type StepAction = MoveStepAction | Omit<ReflectionChoiceAction, "reflectionAnswer">;

/**
 * The step action a card press carries, without the typed text, or undefined when it is none. The verb
 * first, so each schema parses only its own button's value (a failed parse builds its issues).
 */
export function stepActionOf(value: unknown): StepAction | undefined {
  const verb = (value as { verb?: unknown } | null | undefined)?.verb;
  if (verb === moveStepAction.shape.verb.value) return moveStepAction.safeParse(value).data;
  if (verb !== reflectionChoiceAction.shape.verb.value) return undefined;
  const choice = reflectionChoiceAction.safeParse(value);
  if (!choice.success) return undefined;
  const { reflectionAnswer: _typed, ...action } = choice.data;
  return action;
}

/** What the user typed into the answer box of this turn's card, read from the activity itself. */
function typedAnswerOf(step: WaterfallStepContext): string {
  return reflectionChoiceAction.safeParse(step.context.activity.value).data?.reflectionAnswer ?? "";
}

export interface ThemeDialogOptions {
  themeId: string;
  /** The step to show; without it, where the user left the theme (or its first step). */
  stepId?: string;
  /** A button pressed on a step card, applied before the next card is shown. */
  action?: StepAction;
  notice?: Notice;
}

/** Passed from one waterfall step to the next within the turn (never stored): where to go, and how. */
interface NextStep extends ThemeDialogOptions {
  /** What the user had typed when a save was refused, put back in the answer box. */
  draftAnswer?: string;
}

const waterfallId = "themeSteps";

/** Kept in the dialog state between showing a card and the answer to it. */
interface StepValues {
  position: { themeId: string; stepId: string };
}

/**
 * Walks one theme a step at a time. Each card's buttons carry the theme and step they belong to,
 * so a press is applied to that step even when it comes from an older card further up the chat.
 */
/** What the theme dialog uses: the material, the user's progress and reflections, and where its links point. */
export type ThemeDialogServices = Pick<
  BotServices,
  "content" | "progress" | "reflections" | "publicBaseUrl" | "staticBaseUrl"
>;

export class ThemeDialog extends ComponentDialog {
  static readonly id = "themeDialog";
  private readonly uiOf: (context: TurnContext) => UiText;

  constructor(private readonly services: ThemeDialogServices) {
    super(ThemeDialog.id);
    this.uiOf = uiTextsOf(services.content);
    this.addDialog(
      new WaterfallDialog(waterfallId, [
        this.applyCardAction.bind(this),
        this.showCurrentStep.bind(this),
        this.awaitChoice.bind(this),
      ]),
    );
    this.initialDialogId = waterfallId;
  }

  /** Turns a button press into the step to show next, saving a reflection first when asked to. */
  private async applyCardAction(step: WaterfallStepContext<ThemeDialogOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const action = options.action;
    if (!action) return step.next(options);

    const theme = this.themeFor(step, action.themeId);
    const index = theme ? theme.steps.findIndex((s) => s.id === action.stepId) : -1;
    if (!theme || index < 0) {
      // The card came from content that has since changed: start the theme from where the user was.
      return step.next({ themeId: action.themeId });
    }

    if (action.verb === "reflectionChoice" && action.choice === "save") {
      const user = knownUserOf(step.context);
      const ui = this.uiOf(step.context);
      const answer = typedAnswerOf(step);
      // One save per card and step: a second press of this card's save (a double click, a redelivery
      // on another instance) stores nothing new. The key is scoped to the user by the unique index.
      const saveKey = action.cardId ? `${action.cardId}:${theme.id}:${action.stepId}` : undefined;
      const result = await this.services.reflections.save(user, theme.id, action.stepId, answer, saveKey);
      if (!result.saved) {
        const notice =
          result.reason === "empty"
            ? ui.reflection.empty
            : fill(ui.reflection.tooLong, { max: maxReflectionLength, length: result.length });
        return step.next({
          themeId: theme.id,
          stepId: action.stepId,
          draftAnswer: answer,
          notice: { text: notice, tone: "attention" },
        } satisfies NextStep);
      }
      const saved = result.alreadySaved ? ui.reflection.alreadySaved : ui.reflection.saved;
      return this.moveOrFinish(step, theme, index + 1, { text: saved, tone: "good" });
    }
    const move = action.verb === "moveStep" && action.move === "back" ? -1 : 1;
    return this.moveOrFinish(step, theme, Math.max(0, index + move));
  }

  private async moveOrFinish(
    step: WaterfallStepContext<ThemeDialogOptions>,
    theme: Theme,
    index: number,
    notice?: Notice,
  ): Promise<DialogTurnResult> {
    if (index < theme.steps.length) return step.next({ themeId: theme.id, stepId: theme.steps[index].id, notice });

    await this.services.progress.markCompleted(knownUserOf(step.context), theme.id, theme.steps.length);
    await sendCard(step.context, themeDoneCard(this.uiOf(step.context), theme));
    return step.endDialog();
  }

  private async showCurrentStep(step: WaterfallStepContext<ThemeDialogOptions>): Promise<DialogTurnResult> {
    const position = step.result as NextStep;
    const language = languageOf(step.context);
    const theme = this.themeFor(step, position.themeId);
    if (!theme) {
      // Only reachable when the content lost this theme while a user was inside it.
      const ui = this.services.content.ui(language);
      await sendCard(step.context, noticeCard(ui, ui.errors.unknownAction));
      return step.endDialog();
    }

    const user = knownUserOf(step.context);
    const stepIndex = await this.resolveStepIndex(theme, user.userId, position.stepId);
    await this.services.progress.recordStep(user, theme.id, {
      stepId: theme.steps[stepIndex].id,
      stepIndex,
      stepCount: theme.steps.length,
    });
    await sendCard(
      step.context,
      themeStepCard({
        ui: this.services.content.ui(language),
        theme,
        stepIndex,
        language,
        publicBaseUrl: this.services.publicBaseUrl,
        staticBaseUrl: this.services.staticBaseUrl,
        draftAnswer: position.draftAnswer,
        notice: position.notice,
        cardId: randomUUID(),
      }),
    );
    (step.values as StepValues).position = { themeId: theme.id, stepId: theme.steps[stepIndex].id };
    return Dialog.EndOfTurn;
  }

  /**
   * The user answered the card: a button press runs the steps again with it; typed text gets a nudge.
   * The loop replaces the inner waterfall, never the component: replacing the component from inside it
   * would nest one more component in the stored stack on every press.
   */
  private async awaitChoice(step: WaterfallStepContext<ThemeDialogOptions>): Promise<DialogTurnResult> {
    const action = stepActionOf(step.context.activity.value);
    if (action)
      return step.replaceDialog(waterfallId, { themeId: action.themeId, action } satisfies ThemeDialogOptions);

    const { position } = step.values as StepValues;
    const text = this.uiOf(step.context).errors.useButtons;
    return step.replaceDialog(waterfallId, {
      ...position,
      notice: { text, tone: "attention" },
    } satisfies ThemeDialogOptions);
  }

  private themeFor(step: WaterfallStepContext, themeId: string): Theme | undefined {
    return this.services.content.theme(languageOf(step.context), themeId);
  }

  private async resolveStepIndex(theme: Theme, userId: string, stepId: string | undefined): Promise<number> {
    const wanted = stepId ?? (await this.savedStepId(theme, userId));
    const index = wanted ? theme.steps.findIndex((s) => s.id === wanted) : 0;
    return Math.max(0, index);
  }

  /** Where the user left an unfinished theme; a completed theme opens from the start. */
  private async savedStepId(theme: Theme, userId: string): Promise<string | undefined> {
    const progress = (await this.services.progress.listForUser(userId)).find((p) => p.themeId === theme.id);
    return progress && !progress.completedAt ? progress.stepId : undefined;
  }
}
