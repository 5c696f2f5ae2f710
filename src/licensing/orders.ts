import { randomUUID } from "node:crypto";
import type { Order, PrismaClient } from "../generated/prisma";
import { priceExclVatOre } from "./access";
import { writeAudit, type Actor } from "./audit-log";
import { endOfSwedishDay, oneYearFrom, swedishDate } from "./calendar";
import { LicensingError, type LicenceRegistry } from "./licences";
import type { LicenceGate } from "./licence-gate";
import type { OrderFormValues } from "./order-form";

export type OrderStatus = "pending" | "approved" | "rejected";
export type PlaceOrderResult = { kind: "created"; order: Order } | { kind: "duplicate"; order: Order };

/** Orders placed in the bot by a security officer, and the operator's decision on each. */
export class OrderBook {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly licences: LicenceRegistry,
    private readonly gate: LicenceGate,
  ) {}

  /** One pending order per workspace: a second one is answered with the first. */
  async place(orderer: { tenantId: string; userId: string }, values: OrderFormValues): Promise<PlaceOrderResult> {
    const pending = await this.prisma.order.findFirst({ where: { tenantId: orderer.tenantId, status: "pending" } });
    if (pending) return { kind: "duplicate", order: pending };

    for (let attempt = 0; ; attempt++) {
      try {
        const order = await this.prisma.order.create({
          data: {
            id: randomUUID(),
            number: await this.nextNumber(attempt),
            tenantId: orderer.tenantId,
            ordererUserId: orderer.userId,
            orgName: values.orgName,
            orgNumber: values.orgNumber,
            kind: values.kind,
            ordererName: values.ordererName,
            ordererEmail: values.ordererEmail,
            ordererPhone: values.ordererPhone,
            invoiceReference: values.invoiceReference,
            priceExclVatOre,
          },
        });
        return { kind: "created", order };
      } catch (error) {
        // Two orders at once can pick the same number; the unique index refuses one, which tries the next.
        if (attempt >= 5 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  async list(status?: OrderStatus): Promise<Order[]> {
    return this.prisma.order.findMany({ where: status ? { status } : {}, orderBy: { createdAt: "asc" } });
  }

  async pendingFor(tenantId: string): Promise<Order | undefined> {
    return (await this.prisma.order.findFirst({ where: { tenantId, status: "pending" } })) ?? undefined;
  }

  /** Issues the licence and makes the orderer the organisation's first security officer. */
  async approve(idOrNumber: string, actor: Actor, validUntilText?: string): Promise<Order> {
    const order = await this.find(idOrNumber);
    if (order.status !== "pending")
      throw new LicensingError("conflict", `Order ${order.number} is already ${order.status}`);
    const validUntil = endOfSwedishDay(validUntilText ?? oneYearFrom(new Date()));
    if (!validUntil) throw new LicensingError("invalid", `Invalid date (YYYY-MM-DD): ${validUntilText}`);

    const approved = await this.prisma.$transaction(async (tx) => {
      const organisationId = await this.licences.grantIn(
        tx,
        {
          tenantId: order.tenantId,
          orgName: order.orgName,
          orgNumber: order.orgNumber,
          kind: order.kind as OrderFormValues["kind"],
          officerEmail: order.ordererEmail,
          officerUserId: order.ordererUserId ?? undefined,
          orderId: order.id,
        },
        validUntil,
        actor,
      );
      const updated = await tx.order.update({
        where: { id: order.id, status: "pending" },
        data: { status: "approved", decidedAt: new Date(), organisationId },
      });
      await writeAudit(tx, {
        actor,
        action: "order.approve",
        subject: `order:${order.id}`,
        before: { status: "pending" },
        after: { status: "approved", validUntil: swedishDate(validUntil) },
      });
      return updated;
    });
    this.gate.invalidate(order.tenantId);
    return approved;
  }

  async reject(idOrNumber: string, reason: string, actor: Actor): Promise<Order> {
    const order = await this.find(idOrNumber);
    if (order.status !== "pending")
      throw new LicensingError("conflict", `Order ${order.number} is already ${order.status}`);
    if (!reason.trim()) throw new LicensingError("invalid", "A reason is required to reject an order");
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.order.update({
        where: { id: order.id },
        data: { status: "rejected", rejectReason: reason.trim(), decidedAt: new Date() },
      });
      await writeAudit(tx, {
        actor,
        action: "order.reject",
        subject: `order:${order.id}`,
        before: { status: "pending" },
        after: { status: "rejected", reason: reason.trim() },
      });
      return updated;
    });
  }

  private async find(idOrNumber: string): Promise<Order> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
    const order = await this.prisma.order.findFirst({ where: isUuid ? { id: idOrNumber } : { number: idOrNumber } });
    if (!order) throw new LicensingError("notFound", `No order ${idOrNumber}`);
    return order;
  }

  private async nextNumber(attempt: number): Promise<string> {
    const year = swedishDate(new Date()).slice(0, 4);
    const count = await this.prisma.order.count({ where: { number: { startsWith: `B-${year}-` } } });
    return `B-${year}-${String(count + 1 + attempt).padStart(4, "0")}`;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
