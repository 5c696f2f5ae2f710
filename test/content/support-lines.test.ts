import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { defaultContentDir } from "../../src/domain/content/content-catalog";
import { numberAndSiteProblems, supportLinesSchema } from "../../src/domain/content/support-lines";
import { editText, useContentCopies } from "../support/content-copies";

const supportLines = supportLinesSchema.parse(
  YAML.parse(readFileSync(path.join(defaultContentDir, "support-lines.yaml"), "utf8")),
);
const problemsIn = (text: string) => numberAndSiteProblems(text, supportLines);

const copies = useContentCopies();

/** A copy of the real content with one file's text changed by `edit`; returns the load error's problems. */
const problemsAfter = (file: string, edit: (text: string) => string) =>
  copies.problemsAfter(({ contentDir }) => editText(contentDir, file, edit));

describe("phone numbers in the content (content/support-lines.yaml)", () => {
  it("accepts every number of the known lines, however it is written", () => {
    expect(
      problemsIn(
        "Ring [112](tel:112), [114 14](tel:11414), Brottsofferjouren 116 006 (116006), Kvinnofridslinjen " +
          "[020-50 50 50](tel:020505050) or +46 20 50 50 50, 1177 and Mind Självmordslinjen 90101.",
      ),
    ).toEqual([]);
  });

  it("leaves years, case numbers, statutes, dates and counts alone", () => {
    expect(
      problemsIn(
        "SFS 2017:1136, mål B 3750-18 (2019), 2024-01-16, 212000-0142, 7 500 deltagare, 81,8 procent, 1 januari 2020.",
      ),
    ).toEqual([]);
  });

  it.each([
    ["a short line nobody checked", "Ring 116 123 om du vill prata.", "'116 123' is not a number"],
    ["a mistyped crisis line", "Självmordslinjen: 90110", "'90110' is not a number"],
    ["a number with an area code", "Ring oss på 08-123 45 67.", "'08-123 45 67' is not a number"],
    ["an unknown number behind a link", "[Kvinnofridslinjen](tel:020505051)", "'tel:020505051' is not a number"],
  ])("refuses %s", (_name, text, expected) => {
    expect(problemsIn(text).join("\n")).toContain(expected);
  });

  it("refuses a link that shows one number and calls another", () => {
    expect(problemsIn("Ring [116 006](tel:020505050).")).toEqual([
      "line 1: the link '[116 006](tel:020505050)' shows one number and calls another",
    ]);
  });

  it("refuses a line's name followed by another line's number", () => {
    expect(problemsIn("Ring Kvinnofridslinjen på 116 006.")).toEqual([
      "line 1: Kvinnofridslinjen is followed by '116 006', which is 116 006, not 020-50 50 50",
    ]);
    expect(problemsIn("- [Brottsofferjouren](tel:90101), 90101: stödsamtal.").join("\n")).toContain(
      "Brottsofferjouren is followed by 'tel:90101'",
    );
  });

  it("finds a number that a YAML writer has folded onto two lines", () => {
    expect(problemsIn("Polisanmäl på 114\n      41, eller gå till en polisstation.").join("\n")).toContain(
      "line 1: '114 41' is not a number",
    );
  });

  it("pairs a name only with the number in its own clause", () => {
    expect(problemsIn("Källor: Brottsofferjouren; 1177; Mind. Brottsofferjouren. Ring 1177 för vård.")).toEqual([]);
  });

  it("stops the start on a wrong number in the crisis card, naming the file and the line", () => {
    const problems = problemsAfter("sv/kris.yaml", (text) =>
      text.replace("ring [90101](tel:90101)", "ring [90110](tel:90110)"),
    );
    expect(problems.join("\n")).toMatch(/content\/sv\/kris\.yaml: line \d+: 'tel:90110' is not a number/);
  });

  it("lets links lead only to the listed websites, with or without www.", () => {
    expect(
      problemsIn("[Tysta inte](https://www.tystnainte.se) och [polisen.se](https://polisen.se/utsatt-for-brott)"),
    ).toEqual([]);
    expect(problemsIn("Läs mer på [Näthatshjälpen](https://nathatshjälpen-hjalp.se).")).toEqual([
      "line 1: the site 'nathatshjälpen-hjalp.se' is not a website in content/support-lines.yaml",
    ]);
    expect(problemsIn("Link to your own routine (https://…)")).toEqual([]);
  });

  it("refuses a crisis button that says one number and calls another", () => {
    const problems = problemsAfter("en/kris.yaml", (text) =>
      text.replace(
        "title: Call the suicide helpline 90101\n    url: tel:90101",
        "title: Call the suicide helpline 90101\n    url: tel:1177",
      ),
    );
    expect(problems).toContain("content/en/kris.yaml: field calls.1.url: the button says 90101 but calls 1177");
  });

  it("checks help articles and film scripts too, comments and keywords included", () => {
    const article = problemsAfter("en/articles/familjen.md", (text) => text.replace("116 006", "116 060"));
    expect(article.join("\n")).toContain("content/en/articles/familjen.md: line");
    const film = problemsAfter("sv/films/forbered-dig.yaml", (text) => `# Ring 114 41 vid frågor\n${text}`);
    expect(film).toContain(
      "content/sv/films/forbered-dig.yaml: line 1: '114 41' is not a number in content/support-lines.yaml (known: 112, 114 14, 116 006, 020-50 50 50, 1177, 90101)",
    );
  });
});
