import type { PrismaClient } from "../../generated/prisma";
import { vatRate } from "./access";
import { swedishDate, swedishMonth } from "./calendar";

/**
 * The month's approved orders as CSV for invoicing: one line per order, amounts in kronor with
 * two decimals, VAT at 25 %. Semicolons, as Swedish spreadsheet programs expect; RFC 4180 otherwise
 * (CRLF between records, a field with a quote, separator or line break quoted), and a byte-order mark
 * first, without which Excel reads UTF-8 as Windows-1252 and garbles å, ä and ö.
 */
export async function invoicesCsv(prisma: PrismaClient, month: string): Promise<string> {
  const range = swedishMonth(month);
  if (!range) throw new Error(`Invalid month (YYYY-MM): ${month}`);
  const orders = await prisma.order.findMany({
    where: { status: "approved", decidedAt: { gt: range.endOfPreviousMonth, lte: range.endOfMonth } },
    orderBy: { decidedAt: "asc" },
  });
  const kronor = (ore: number) => (ore / 100).toFixed(2);
  const rows = orders.map((order) => {
    const vat = Math.round(order.priceExclVatOre * vatRate);
    return [
      order.orgName,
      order.orgNumber,
      order.number,
      order.invoiceReference,
      swedishDate(order.createdAt),
      kronor(order.priceExclVatOre),
      kronor(vat),
      kronor(order.priceExclVatOre + vat),
    ];
  });
  const header = [
    "organisation",
    "org_number",
    "order_number",
    "invoice_reference",
    "order_date",
    "amount_excl_vat",
    "vat",
    "total",
  ];
  return byteOrderMark + [header, ...rows].map((row) => row.map(csvField).join(";") + recordEnd).join("");
}

const byteOrderMark = "\uFEFF";
const recordEnd = "\r\n";

/** The number of invoice lines in such a CSV: a line break inside a quoted field does not end a record. */
export function invoiceLineCount(csv: string): number {
  let records = 0;
  let quoted = false;
  for (const char of csv) {
    if (char === '"') quoted = !quoted;
    else if (char === "\n" && !quoted) records++;
  }
  return Math.max(0, records - 1);
}

function csvField(value: string): string {
  // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
