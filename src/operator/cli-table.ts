/**
 * Aligned plain-text tables for people at a terminal. Cells come from the database and, in the end,
 * from what orderers typed in Teams, so control characters (terminal escape sequences) and bidi
 * overrides (which make a name read backwards) are replaced.
 */
import { replaceControlCharacters } from "../domain/licensing/control-characters";

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
  align?: "left" | "right";
}

export function renderTable<Row>(columns: Array<Column<Row>>, rows: Row[]): string {
  const cells = rows.map((row) => columns.map((column) => printable(column.value(row))));
  const widths = columns.map((column, i) => Math.max(width(column.header), ...cells.map((line) => width(line[i]))));
  const format = (line: string[]) =>
    line
      .map((cell, i) => {
        const padding = " ".repeat(widths[i] - width(cell));
        return columns[i].align === "right" ? padding + cell : cell + padding;
      })
      .join("  ")
      .trimEnd();
  return [
    format(columns.map((column) => column.header)),
    format(widths.map((w) => "-".repeat(w))),
    ...cells.map(format),
  ].join("\n");
}

/** Text safe to print: no control or bidi characters, composed Unicode so å counts as one column. */
export function printable(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return replaceControlCharacters(String(value).normalize("NFC"), " ");
}

function width(text: string): number {
  return [...text].length;
}
