import { createHash } from "node:crypto";
import type { ContentCatalog } from "../domain/content/content-catalog";
import type { FilmStep, Theme } from "../domain/content/content-schema";
import { languages, type Language } from "../domain/content/language";
import type { UiText } from "../domain/content/ui-text-schema";
import type { FilmScript } from "../domain/films/film-script-schema";
import { chapterCues, sceneTimes } from "../domain/films/film-timeline";
import { filmPlayback, type FilmPlayback } from "../domain/films/film-files";
import { filmPagePath } from "../domain/films/film-page-url";
import { escapeHtml } from "./html-text";

/**
 * The bot's own film player: the page a Teams dialog (task module) or a browser opens. Plain HTML5
 * video with the captions on by default, chapters from the script, the transcript below, and no script
 * or style from anywhere else: the Content-Security-Policy allows exactly the inline code below, by hash.
 */
export interface FilmPageInput {
  ui: UiText;
  language: Language;
  theme: Theme;
  step: FilmStep;
  playback: Extract<FilmPlayback, { kind: "own" }>;
  script?: FilmScript;
  /** Where public/ is served: "/static". */
  staticPath: string;
  /** The same film in the other languages, by their own names. */
  otherLanguages: Array<{ language: Language; name: string; path: string }>;
}

export interface FilmPage {
  html: string;
  contentSecurityPolicy: string;
}

/** Teams and its web clients frame the dialog; nothing else may (clickjacking). */
const teamsFrameAncestors = [
  "'self'",
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.cloud.microsoft",
  "https://*.office.com",
  "https://*.microsoft365.com",
  "https://*.skype.com",
];

const style = `body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;color:#1b1b1b;background:#fff;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1,h2,h3{color:#1F3A5F;line-height:1.25}h1{font-size:1.5rem;margin:.5rem 0}
video{display:block;width:100%;height:auto;background:#1F3A5F}
video::cue{font-size:clamp(1rem,2.6vw,1.6rem);line-height:1.35;color:#fff;background:rgba(0,0,0,.85)}
fieldset{border:1px solid #595959;margin:1rem 0;padding:.5rem 1rem}
label{display:inline-flex;align-items:center;gap:.4rem;margin-right:1.5rem;min-height:44px}
input[type=radio]{width:1.25rem;height:1.25rem}
ol.chapters{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
ol.chapters button{font:inherit;min-height:44px;padding:.4rem .8rem;border:2px solid #1F3A5F;border-radius:.4rem;background:#fff;color:#1F3A5F;cursor:pointer}
ol.chapters button[aria-current=true]{background:#1F3A5F;color:#fff}
:focus-visible{outline:3px solid #B3261E;outline-offset:2px}
a{color:#1F3A5F}`;

const script = `(function(){var v=document.getElementById("film");if(!v)return;
var cc=null,ch=null;for(var i=0;i<v.textTracks.length;i++){var t=v.textTracks[i];if(t.kind==="captions"&&!cc)cc=t;if(t.kind==="chapters"&&!ch)ch=t;}
var on=document.getElementById("captions-on"),off=document.getElementById("captions-off");
function show(s){if(cc)cc.mode=s?"showing":"hidden";}
function sync(){if(cc&&on&&off){on.checked=cc.mode==="showing";off.checked=!on.checked;}}
show(true);if(on)on.addEventListener("change",function(){show(on.checked);});if(off)off.addEventListener("change",function(){show(!off.checked);});
v.textTracks.addEventListener("change",sync);
var buttons=document.querySelectorAll("button[data-start]");
buttons.forEach(function(b){b.addEventListener("click",function(){v.currentTime=Number(b.getAttribute("data-start"));v.focus();var p=v.play();if(p&&p.catch)p.catch(function(){});});});
function mark(){var t=v.currentTime,cur=null;buttons.forEach(function(b){if(Number(b.getAttribute("data-start"))<=t+0.05)cur=b;});buttons.forEach(function(b){if(b===cur)b.setAttribute("aria-current","true");else b.removeAttribute("aria-current");});}
if(ch)ch.mode="hidden";v.addEventListener("timeupdate",mark);v.addEventListener("seeked",mark);mark();})();`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

export const filmPageContentSecurityPolicy = [
  "default-src 'none'",
  `script-src ${sha256(script)}`,
  `style-src ${sha256(style)}`,
  "img-src 'self'",
  "media-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${teamsFrameAncestors.join(" ")}`,
].join("; ");

export function filmPlayerPage(input: FilmPageInput): FilmPage {
  const { ui, language, theme, step, playback, script: filmScript, staticPath } = input;
  const file = (path: string) => `${staticPath}/${path}`;
  const chapters = filmScript ? chapterCues(filmScript) : [];
  const tracks = [
    `<track kind="captions" srclang="${language}" label="${escapeHtml(ui.film.languageName)}" src="${file(playback.captions)}" default>`,
    ...(playback.chapters && chapters.length > 0
      ? [
          `<track kind="chapters" srclang="${language}" label="${escapeHtml(ui.film.chapters)}" src="${file(playback.chapters)}">`,
        ]
      : []),
  ];
  const html = [
    "<!doctype html>",
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${step.title} – ${theme.title}`)}</title>`,
    `<style>${style}</style>`,
    "</head><body><main>",
    `<h1>${escapeHtml(step.title)}</h1>`,
    ...(step.body ? [paragraphsHtml(step.body)] : []),
    `<video id="film" controls preload="metadata" playsinline width="1280" height="720" poster="${file(step.film.poster.src)}" aria-label="${escapeHtml(step.title)}">`,
    `<source src="${file(playback.video)}" type="video/mp4">`,
    ...tracks,
    `<p>${escapeHtml(ui.film.noVideo)}</p>`,
    "</video>",
    `<fieldset><legend>${escapeHtml(ui.film.captions)}</legend>`,
    `<label><input type="radio" name="captions" id="captions-on" value="on" checked> ${escapeHtml(ui.film.languageName)}</label>`,
    `<label><input type="radio" name="captions" id="captions-off" value="off"> ${escapeHtml(ui.film.captionsOff)}</label>`,
    "</fieldset>",
    ...(chapters.length > 0
      ? [
          `<nav aria-labelledby="chapters-title"><h2 id="chapters-title">${escapeHtml(ui.film.chapters)}</h2><ol class="chapters">`,
          ...chapters.map(
            (chapter) =>
              `<li><button type="button" data-start="${chapter.start}">${clock(chapter.start)} ${escapeHtml(chapter.text)}</button></li>`,
          ),
          "</ol></nav>",
        ]
      : []),
    `<section aria-labelledby="transcript-title"><h2 id="transcript-title">${escapeHtml(ui.film.transcriptTitle)}</h2>`,
    filmScript ? transcriptByChapter(filmScript) : paragraphsHtml(step.film.transcript),
    "</section>",
    ...input.otherLanguages.map(
      (other) =>
        `<p><a href="${other.path}" hreflang="${other.language}" lang="${other.language}">${escapeHtml(other.name)}</a></p>`,
    ),
    `</main><script>${script}</script></body></html>`,
  ].join("\n");
  return { html, contentSecurityPolicy: filmPageContentSecurityPolicy };
}

/** The captions' words, scene by scene, under the chapter headings: the same words the film shows. */
function transcriptByChapter(filmScript: FilmScript): string {
  return sceneTimes(filmScript)
    .map(({ index }) => {
      const scene = filmScript.scenes[index];
      const heading = scene.chapter ? `<h3>${escapeHtml(scene.chapter)}</h3>` : "";
      return `${heading}<p>${escapeHtml(scene.captions.join(" "))}</p>`;
    })
    .join("\n");
}

function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map(
      (block) =>
        `<p>${escapeHtml(block.replace(/\s*\n\s*/g, " "))
          .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
          .replace(/_(.+?)_/g, "<em>$1</em>")}</p>`,
    )
    .join("\n");
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** The player page for a film step the bot serves itself, or undefined when there is none (a 404). */
export function filmPageForStep(
  content: ContentCatalog,
  language: Language,
  themeId: string,
  stepId: string,
  staticPath = "/static",
): FilmPage | undefined {
  const theme = content.theme(language, themeId);
  const step = theme?.steps.find((candidate) => candidate.id === stepId);
  if (!theme || step?.type !== "film") return undefined;
  const playback = filmPlayback(step.film, language);
  if (playback.kind !== "own") return undefined;
  const otherLanguages = languages
    .filter((other) => other !== language)
    .filter((other) => content.theme(other, themeId)?.steps.some((s) => s.id === stepId && s.type === "film"))
    .map((other) => ({
      language: other,
      name: content.ui(other).film.languageName,
      path: filmPagePath(other, themeId, stepId),
    }));
  return filmPlayerPage({
    ui: content.ui(language),
    language,
    theme,
    step,
    playback,
    script: playback.scriptId ? content.filmScript(language, playback.scriptId) : undefined,
    staticPath,
    otherLanguages,
  });
}
