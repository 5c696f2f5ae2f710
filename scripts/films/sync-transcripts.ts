import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { Language } from "../../src/domain/content/language";
import type { FilmScript } from "../../src/domain/films/film-script-schema";
import { captionText } from "../../src/domain/films/film-timeline";

/**
 * Writes a script's captions into the transcript of every film step rendered from it, so an editor
 * changes the words in one place (the script). Only that field is touched; the rest of the theme file
 * keeps its formatting and comments.
 */
export function syncTranscripts(contentDir: string, language: Language, scripts: Map<string, FilmScript>): string[] {
  const changed: string[] = [];
  const dir = path.join(contentDir, language);
  for (const name of readdirSync(dir).filter((file) => /^tema-.+\.ya?ml$/.test(file))) {
    const file = path.join(dir, name);
    const document = YAML.parseDocument(readFileSync(file, "utf8"));
    const steps = document.get("steps");
    if (!YAML.isSeq(steps)) continue;
    let touched = false;
    for (const step of steps.items) {
      if (!YAML.isMap(step) || step.get("type") !== "film") continue;
      const film = step.get("film");
      const script = YAML.isMap(film) ? scripts.get(String(film.get("script"))) : undefined;
      if (!YAML.isMap(film) || !script) continue;
      const transcript = `${captionText(script)}\n`;
      if (film.get("transcript") === transcript) continue;
      const scalar = new YAML.Scalar(transcript);
      scalar.type = "BLOCK_LITERAL";
      film.set("transcript", scalar);
      touched = true;
      changed.push(`content/${language}/${name}: step '${String(step.get("id"))}' transcript`);
    }
    if (touched) writeFileSync(file, document.toString({ lineWidth: 0 }));
  }
  return changed;
}
