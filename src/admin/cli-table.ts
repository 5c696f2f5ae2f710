/**
 * Aligned plain-text tables for people at a terminal. Cells come from the database and, in the end,
 * from what orderers typed in Teams, so control characters (terminal escape sequences) are replaced.
 */
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

/** Text safe to print: no control characters, composed Unicode so å counts as one column. */
export function printable(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return String(value)
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

function width(text: string): number {
  return [...text].length;
}
