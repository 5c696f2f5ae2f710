import { fill, type UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard } from "./adaptive-card";
import { plainText } from "./plain-text";

export interface ReminderCardInput {
  themeTitle: string;
  themeId: string;
  /** Where the official left the theme: "Fortsätt" opens exactly that step. */
  stepId: string;
  step: number;
  count: number;
}

/** The reminder the official asked for: which theme and step, resume, or no more reminders. */
export function reminderCard(ui: UiText, input: ReminderCardInput): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(fill(ui.reminders.cardTitle, { theme: plainText(input.themeTitle) }), { size: "Medium" }),
      paragraph(fill(ui.reminders.cardBody, { step: input.step, count: input.count })),
    ],
    [
      submit(ui.reminders.resume, { verb: "openTheme", themeId: input.themeId, stepId: input.stepId }, "positive"),
      submit(ui.reminders.stop, { verb: "stopReminders" }),
    ],
  );
}
