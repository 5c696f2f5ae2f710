import type { PrismaClient } from "../generated/prisma";
import { vatRate } from "./access";
import { swedishDate, swedishMonth } from "./calendar";

/**
 * The month's approved orders as CSV for invoicing: one line per order, amounts in kronor with
 * two decimals, VAT at 25 %. Semicolons, as Swedish spreadsheet programs expect.
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
  return [header, ...rows].map((row) => row.map(csvField).join(";")).join("\n") + "\n";
}

function csvField(value: string): string {
  // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
