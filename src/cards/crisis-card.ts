import type { CrisisText } from "../domain/content/crisis-schema";
import type { Language } from "../domain/content/language";
import { adaptiveCard, heading, openUrl, paragraph, submit, type AdaptiveCard, type CardAction } from "./adaptive-card";

/**
 * For someone who writes that they cannot go on: people to talk to now, around the clock, with 112
 * first. Nothing to fill in and nothing to choose before the numbers.
 */
export function crisisCard(text: CrisisText, language: Language): AdaptiveCard {
  const calls: CardAction[] = text.calls.map((call) => openUrl(call.title, call.url));
  return adaptiveCard(
    [
      ...heading(text.title),
      paragraph(text.intro),
      ...text.lines.map((line) => paragraph(line)),
      paragraph(text.closing, { subtle: true }),
    ],
    [...calls, submit(text.emergencyHelp, { verb: "runCommand", command: "emergency", language })],
  );
}
