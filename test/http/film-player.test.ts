import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardsOf } from "../support/test-user";

const content = loadContent();
const theme = content.themes("sv")[0];
const film = theme.steps.find((step) => step.type === "film")!;
const publicUrl = "https://bot.example.se";
const playerPath = `/film/sv/${theme.id}/${film.id}`;
const playFilm = { verb: "playFilm", themeId: theme.id, stepId: film.id, msteams: { type: "task/fetch" } };

describe("films the bot serves itself", () => {
  const harness = useBotUnderTest("pglite", { PUBLIC_URL: publicUrl });

  it("answers the film card's task/fetch with a Teams dialog that shows its own player page", async () => {
    const { status, body } = await harness
      .newUser()
      .invoke("task/fetch", { data: playFilm, context: { theme: "default" } });
    expect(status).toBe(200);
    expect(body).toEqual({
      task: {
        type: "continue",
        value: {
          title: film.title,
          url: `${publicUrl}${playerPath}`,
          fallbackUrl: `${publicUrl}${playerPath}`,
          height: "large",
          width: "large",
        },
      },
    });
  });

  it("opens the English player for an official whose Teams is in English", async () => {
    const { body } = await harness.newUser({ locale: "en-GB" }).invoke("task/fetch", { data: playFilm });
    expect(body).toMatchObject({ task: { value: { url: `${publicUrl}/film/en/${theme.id}/${film.id}` } } });
  });

  it("keeps the film behind the licence gate: an unlicensed tenant's dialog says why instead of playing", async () => {
    const user = harness.newUser({ tenantId: "11111111-2222-3333-4444-555555555555" });
    const { status, body } = await user.invoke("task/fetch", { data: playFilm });
    expect(status).toBe(200);
    const task = (body as { task: { type: string; value: Record<string, unknown> } }).task;
    expect(task.type).toBe("continue");
    expect(task.value.url).toBeUndefined();
    expect(task.value.card).toMatchObject({ contentType: "application/vnd.microsoft.card.adaptive" });
  });

  it("answers a task/fetch for a step that is not a film with a message, not a broken player", async () => {
    const { body } = await harness.newUser().invoke("task/fetch", { data: { ...playFilm, stepId: theme.steps[0].id } });
    expect(body).toEqual({ task: { type: "message", value: content.ui("sv").errors.unknownAction } });
  });

  it("gives a client that sends the play button as a plain submit the player page as a link", async () => {
    const replies = await harness.newUser().submit(playFilm);
    const actions = replies.flatMap(cardsOf).flatMap(allActions);
    expect(actions).toContainEqual(
      expect.objectContaining({ type: "Action.OpenUrl", url: `${publicUrl}${playerPath}` }),
    );
  });

  it("serves the player page: video with captions on by default, chapters, transcript, and a strict CSP", async () => {
    const response = await fetch(`${harness.url}${playerPath}`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[^']+'(;|$)/);
    expect(csp).toContain("media-src 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toMatch(
      /<track kind="captions" srclang="sv" label="Svenska" src="\/static\/films\/[a-z-]+\.sv\.vtt" default>/,
    );
    expect(html).toMatch(/<track kind="chapters" srclang="sv"/);
    expect(html).toMatch(/<button type="button" data-start="0">0:00 /);
    // Every word of the transcript is on the page.
    expect(html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")).toContain(
      film.type === "film" ? film.film.transcript.split("\n")[0].trim() : "",
    );
    expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/(?!bot\.example)/);
  });

  it("answers a player page for a step without an own film with 404", async () => {
    expect((await fetch(`${harness.url}/film/sv/${theme.id}/${theme.steps[0].id}`)).status).toBe(404);
    expect((await fetch(`${harness.url}/film/xx/${theme.id}/${film.id}`)).status).toBe(404);
  });

  it("serves the captions as WebVTT and the film with range requests, so the player can seek", async () => {
    const captions = await fetch(`${harness.url}/static/films/${theme.id}.sv.vtt`);
    expect(captions.headers.get("content-type")).toMatch(/^text\/vtt/);
    expect(await captions.text()).toMatch(/^WEBVTT\n/);
    const part = await fetch(`${harness.url}/static/films/${theme.id}.sv.mp4`, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-type")).toBe("video/mp4");
    expect(part.headers.get("content-range")).toMatch(/^bytes 100-199\/\d+$/);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });
});
