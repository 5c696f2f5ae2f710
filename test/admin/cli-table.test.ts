import { describe, expect, it } from "vitest";
import { printable, renderTable } from "../../src/operator/cli-table";

describe("the CLI's tables", () => {
  it("aligns columns by characters, Swedish letters counting once, numbers to the right when asked", () => {
    const rows = [
      { name: "Öckerö kommun", count: 7 },
      { name: "Å", count: 1250 },
    ];
    const table = renderTable(
      [
        { header: "NAME", value: (r: (typeof rows)[number]) => r.name },
        { header: "COUNT", value: (r: (typeof rows)[number]) => r.count, align: "right" },
      ],
      rows,
    );
    expect(table.split("\n")).toEqual([
      "NAME           COUNT",
      "-------------  -----",
      "Öckerö kommun      7",
      "Å               1250",
    ]);
  });

  it("prints text from the database without control characters, so it cannot drive the terminal", () => {
    expect(printable("Evil\u001b[2J\u001b]0;owned\u0007 kommun\r\n")).toBe("Evil [2J ]0;owned  kommun  ");
    expect(printable("Exempelby \u202Enummok\u202C \u2066x\u2069")).toBe("Exempelby  nummok   x ");
    expect(printable(null)).toBe("");
    expect(printable("A\u030a")).toBe("Å");
  });
});
