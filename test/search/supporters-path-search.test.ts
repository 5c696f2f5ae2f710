import { describe, expect, it } from "vitest";
import type { Language } from "../../src/domain/content/language";
import { loadHelpSearch } from "../../src/domain/search/build-help-search";
import { hitTarget } from "../../src/domain/search/evaluate";

/** The path "Stötta en kollega" is found by search like a theme: its steps are indexed. */
describe("searching for how to support a colleague", () => {
  const search = loadHelpSearch();
  const pathId = "stotta-en-kollega";

  it.each<[Language, string, string]>([
    ["sv", "hur stöttar jag en kollega som blivit hotad", "intro"],
    ["sv", "vad ska jag säga till en kollega som blivit utsatt", "vad-du-sager"],
    ["sv", "hjalpa kollegan spara bevis", "hjalp-med-bevis"],
    ["en", "how do I support a colleague who is being harassed", "intro"],
    ["en", "looking after myself as a supporter", "ta-hand-om-dig"],
  ])("[%s] '%s' leads with the path's step %s", (language, query, stepId) => {
    expect(search.search(language, query).map(hitTarget)[0]).toBe(`${pathId}/${stepId}`);
  });

  it("returns the path's steps as steps the bot can open, with title and excerpt", () => {
    const [hit] = search.search("sv", "stötta en kollega");
    expect(hit).toMatchObject({ kind: "themeStep", themeId: pathId, stepId: "intro" });
    expect(hit.title).toMatch(/kollega/);
    expect(hit.kind === "themeStep" && hit.excerpt.length).toBeGreaterThan(20);
  });
});
