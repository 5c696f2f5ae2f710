import { describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/generated/prisma";
import { invoiceLineCount, invoicesCsv } from "../../src/domain/licensing/invoices";

/** The invoice export over a stub that returns the given approved orders. */
function csvOf(orders: Array<{ orgName: string; invoiceReference: string }>) {
  const rows = orders.map((order, i) => ({
    ...order,
    orgNumber: "212000-1355",
    number: `B-2026-000${i + 1}`,
    createdAt: new Date("2026-03-02T10:00:00Z"),
    priceExclVatOre: 100_000,
  }));
  const prisma = { order: { findMany: async () => rows } } as unknown as PrismaClient;
  return invoicesCsv(prisma, "2026-03");
}

describe("the invoice CSV", () => {
  it("starts with a byte-order mark, so Excel reads å, ä and ö as written", async () => {
    const csv = await csvOf([{ orgName: "Åre kommun", invoiceReference: "Fö 12" }]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain("Åre kommun;212000-1355;B-2026-0001;Fö 12;2026-03-02;1000.00;250.00;1250.00\r\n");
  });

  it("quotes a field with a line break, quote or semicolon (RFC 4180), and counts records, not lines", async () => {
    const csv = await csvOf([
      { orgName: "Rad ett\nrad två", invoiceReference: 'Ref "A"; B' },
      { orgName: "Vanlig kommun", invoiceReference: "KS 1" },
    ]);
    expect(csv).toContain('"Rad ett\nrad två";212000-1355;B-2026-0001;"Ref ""A""; B";');
    expect(csv.split("\r\n")).toHaveLength(4); // header, two records, and the empty rest after the last CRLF
    expect(invoiceLineCount(csv)).toBe(2);
  });
});
