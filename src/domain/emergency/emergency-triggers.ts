import type { ContentCatalog } from "../content/content-catalog";
import { languages, type Language } from "../content/language";
import { foldForMatching, PhraseList } from "../content/trigger-phrases";

/**
 * Which safe route a typed message asks for, from the trigger phrases in the content
 * (content/<lang>/kris.yaml and akut.yaml). The crisis card comes first: someone who writes "jag
 * har blivit hotad och orkar inte mer" needs the crisis lines before the checklist.
 */
export type SafeRoute = { kind: "crisis" | "emergency"; language: Language };

/** Longer messages are not commands; the crisis phrases are still looked for inside them. */
const maxEmergencyLength = 300;
const maxCrisisLength = 2000;

export class EmergencyTriggers {
  private readonly crisis: Record<Language, PhraseList>;
  private readonly emergency: Record<Language, PhraseList>;

  constructor(content: Pick<ContentCatalog, "crisis" | "emergency">) {
    const byLanguage = (list: (language: Language) => PhraseList) =>
      Object.fromEntries(languages.map((language) => [language, list(language)])) as Record<Language, PhraseList>;
    this.crisis = byLanguage((language) => new PhraseList(content.crisis(language).triggers, "anywhere"));
    // "jag har blivit hotad på facebook" opens the help; "vad gör jag om jag blir hotad" is a question.
    this.emergency = byLanguage((language) => new PhraseList(content.emergency(language).triggers, "opening"));
  }

  /**
   * The route a message asks for, in the language of the phrase it used ("help now" gets English
   * whatever Teams says); a phrase both languages share answers in the user's own language.
   */
  recognise(text: string | undefined, userLanguage: Language): SafeRoute | undefined {
    if (!text || text.length > maxCrisisLength) return undefined;
    const folded = foldForMatching(text);
    if (folded.length === 0) return undefined;
    const order = [userLanguage, ...languages.filter((language) => language !== userLanguage)];
    const crisis = order.find((language) => this.crisis[language].matchesFolded(folded));
    if (crisis) return { kind: "crisis", language: crisis };
    if (text.length > maxEmergencyLength) return undefined;
    const emergency = order.find((language) => this.emergency[language].matchesFolded(folded));
    return emergency ? { kind: "emergency", language: emergency } : undefined;
  }
}
