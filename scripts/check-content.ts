import { ContentError, loadContent } from "../src/domain/content/content-catalog";
import { languages } from "../src/domain/content/language";
import { loadPrivacyNotices } from "../src/domain/privacy/privacy-notice";

/** `npm run content:check`: validates the content the way the bot does at start, for content editors. */
try {
  const catalog = loadContent();
  loadPrivacyNotices();
  for (const language of languages) {
    const themes = catalog.themes(language);
    const paths = catalog.paths(language);
    const steps = [...themes, ...paths].reduce((sum, theme) => sum + theme.steps.length, 0);
    const articles = catalog.articles(language).length;
    const guides = [...themes, ...paths].filter((theme) => catalog.facilitatorGuide(language, theme.id)).length;
    process.stdout.write(
      `content/${language}: ${themes.length} themes, ${paths.length} ${paths.length === 1 ? "path" : "paths"}, ${steps} steps, ${articles} help articles, ${guides} facilitator guides, emergency help and crisis card: OK\n`,
    );
  }
} catch (error) {
  process.stderr.write(`${error instanceof ContentError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
