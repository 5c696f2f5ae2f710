/**
 * The words that open the emergency help from anywhere. People type these in a hurry, on a phone,
 * perhaps shaking: any case, with or without å/ä/ö, with small variations and trailing punctuation.
 */
const triggerPhrases = [
  "akut",
  "hjälp nu",
  "hjälp mig nu",
  "jag behöver hjälp nu",
  "jag har blivit utsatt",
  "jag blev utsatt",
  "jag är utsatt",
  "jag har blivit hotad",
  "jag blev hotad",
  "jag är hotad",
  "jag har blivit trakasserad",
  "jag har blivit attackerad",
  "nödläge",
  "sos",
  "emergency",
  "urgent",
  "help now",
  "i have been threatened",
  "i was threatened",
  "i am being threatened",
  "i have been harassed",
];

/** Lower case, å/ä/ö folded to a/a/o, punctuation dropped, spaces collapsed. */
export function foldForMatching(text: string): string {
  return text
    .toLocaleLowerCase("sv-SE")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const folded = triggerPhrases.map(foldForMatching);

/** A message that is, or starts with, a trigger ("jag har blivit hotad på facebook") asks for the emergency help. */
export function isEmergencyRequest(text: string | undefined): boolean {
  if (!text || text.length > 300) return false;
  const message = foldForMatching(text);
  return folded.some((phrase) => message === phrase || message.startsWith(`${phrase} `));
}
