/**
 * The words users type to steer the bot, in one place. They interrupt whatever dialog is running.
 * Both languages are understood whatever the user's locale: people mix them.
 */
export type Command =
  | "menu"
  | "resume"
  | "help"
  | "myReflections"
  | "swedish"
  | "english"
  | "order"
  | "admin"
  | "document"
  | "myIncidents"
  | "myData"
  | "privacy"
  | "remind"
  | "stopReminders"
  /** "starta tema 2" / "start theme 2": the only command with a part that varies, read by `groupThemeNumberOf`. */
  | "startGroupSession";

const commandWords: Record<Exclude<Command, "startGroupSession">, string[]> = {
  menu: ["meny", "menyn", "menu", "teman", "tema", "themes", "start", "börja"],
  resume: ["fortsätt", "fortsatt", "continue", "resume"],
  help: ["hjälp", "hjalp", "help", "?"],
  myReflections: ["mina reflektioner", "reflektioner", "my reflections", "reflections"],
  order: ["beställ", "bestall", "beställa", "bestalla", "beställning", "order"],
  admin: ["admin", "administration", "administrera"],
  swedish: ["svenska", "på svenska", "swedish", "in swedish"],
  english: ["english", "engelska", "på engelska", "in english"],
  document: ["dokumentera", "dokumentera händelse", "dokumentera en händelse", "document", "document incident"],
  // "mina incidenter" was the list's first name: kept, so that nobody's habit stops working.
  myIncidents: [
    "mina händelser",
    "mina handelser",
    "händelser",
    "handelser",
    "mina incidenter",
    "incidenter",
    "my incidents",
    "incidents",
  ],
  myData: ["mina data", "min data", "mina uppgifter", "my data", "my personal data"],
  privacy: ["integritet", "integritetspolicy", "dataskydd", "personuppgifter", "privacy", "privacy notice"],
  // How far ahead is read from the words themselves (src/domain/reminders/reminder-delay.ts).
  remind: [
    "påminn mig",
    "påminn mig om en vecka",
    "påminn mig om 1 vecka",
    "påminn mig nästa vecka",
    "påminn mig imorgon",
    "påminn mig i morgon",
    "paminn mig",
    "paminn mig om en vecka",
    "paminn mig imorgon",
    "remind me",
    "remind me in a week",
    "remind me next week",
    "remind me tomorrow",
  ],
  stopReminders: [
    "sluta påminna",
    "sluta påminna mig",
    "sluta paminna",
    "inga påminnelser",
    "stop reminders",
    "stop reminding me",
    "no reminders",
  ],
};

const commandByWord = new Map(
  Object.entries(commandWords).flatMap(([command, words]) => words.map((word) => [word, command as Command])),
);

/** The words that say a command, its usual one first; for `startGroupSession`, examples of its pattern. */
export function wordsOf(command: Command): readonly string[] {
  return command === "startGroupSession" ? startGroupSessionExamples : commandWords[command];
}

/** Case, surrounding punctuation and extra spaces do not matter: "Meny!" and " hjälp? " both work. */
export function normalizeTyped(text: string): string {
  const collapsed = text
    .toLocaleLowerCase("sv-SE")
    .replace(/[\s\u00A0]+/g, " ")
    .trim();
  return collapsed.replace(/^[.!,;:?]+|[.!,;:?]+$/g, "").trim() || collapsed;
}

const startGroupSessionWords = /^(?:starta|start|kör|run)\s+(?:tema|temat|theme)\s+(\d{1,2})$/;
const startGroupSessionExamples = ["starta tema 1", "starta temat 2", "kör tema 3", "start theme 4", "run theme 1"];

/** The theme number in "starta tema 2" or "start theme 2", if the text is that command. */
export function groupThemeNumberOf(text: string | undefined): number | undefined {
  const match = text ? startGroupSessionWords.exec(normalizeTyped(text)) : null;
  return match ? Number(match[1]) : undefined;
}

export function recognizeCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  if (groupThemeNumberOf(text) !== undefined) return "startGroupSession";
  return commandByWord.get(normalizeTyped(text));
}
