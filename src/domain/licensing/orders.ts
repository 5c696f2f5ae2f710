import { randomUUID } from "node:crypto";
import type { Order, Prisma, PrismaClient } from "../../generated/prisma";
import { priceExclVatOre } from "./access";
import { writeAudit, type Actor } from "./audit-log";
import { endOfSwedishDay, oneYearFrom, swedishDate } from "./calendar";
import {
  belongsToExistingOrganisation,
  existingOrganisationFor,
  LicensingError,
  type ExistingOrganisation,
  type LicenceRegistry,
} from "./licences";
import type { LicenceGate } from "./licence-gate";
import type { OrderFormValues } from "./order-form";

export const orderStatuses = ["pending", "awaiting_confirmation", "approved", "rejected", "declined"] as const;
export type OrderStatus = (typeof orderStatuses)[number];
/** An order still open: waiting for the operator, or for the existing organisation's confirmation. */
const openStatuses: OrderStatus[] = ["pending", "awaiting_confirmation"];
export type PlaceOrderResult = { kind: "created"; order: Order } | { kind: "duplicate"; order: Order };

/** An order as the operator sees it: flagged when its organisation number is already someone else's. */
export interface ListedOrder extends Order {
  /** Set on a pending order whose organisation number belongs to an organisation of other tenants. */
  existingOrganisation: ExistingOrganisation | null;
}

/** Who decides on an order awaiting confirmation: the operator, or an officer of that organisation. */
export interface LinkDecider {
  actor: Actor;
  /** The officer's own organisation; the order must be for it. Absent for the operator. */
  organisationId?: string;
}

/** Orders placed in the bot by a security officer, and the operator's decision on each. */
export class OrderBook {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly licences: LicenceRegistry,
    private readonly gate: LicenceGate,
  ) {}

  /**
   * One open order per workspace: a second one is answered with the first. The database enforces it
   * (a partial unique index), so two orders placed at the same moment on any instances make one.
   */
  async place(orderer: { tenantId: string; userId: string }, values: OrderFormValues): Promise<PlaceOrderResult> {
    const open = await this.pendingFor(orderer.tenantId);
    if (open) return { kind: "duplicate", order: open };

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
        if (!isUniqueViolation(error)) throw error;
        // Either another order of this workspace got in first, or two orders picked the same number.
        const winner = await this.pendingFor(orderer.tenantId);
        if (winner) return { kind: "duplicate", order: winner };
        if (attempt >= 5) throw error;
      }
    }
  }

  async list(status?: OrderStatus): Promise<ListedOrder[]> {
    const orders = await this.prisma.order.findMany({
      where: status ? { status } : {},
      orderBy: { createdAt: "asc" },
    });
    return Promise.all(
      orders.map(async (order) => ({
        ...order,
        existingOrganisation:
          order.status === "pending" ? ((await existingOrganisationFor(this.prisma, order)) ?? null) : null,
      })),
    );
  }

  /** The workspace's open order: waiting for the operator or for the existing organisation's officer. */
  async pendingFor(tenantId: string): Promise<Order | undefined> {
    return (await this.prisma.order.findFirst({ where: { tenantId, status: { in: openStatuses } } })) ?? undefined;
  }

  /** Orders approved for this organisation from another tenant, waiting for one of its officers. */
  async awaitingConfirmationBy(organisationId: string): Promise<Order[]> {
    return this.prisma.order.findMany({
      where: { organisationId, status: "awaiting_confirmation" },
      orderBy: { createdAt: "asc" },
    });
  }

  /**
   * Issues the licence and makes the orderer the organisation's first security officer. An order for
   * an organisation that other tenants already have is refused unless `linkExisting`; with it, the
   * order waits for one of that organisation's officers (or the operator) to accept the new tenant and
   * its orderer, and nothing is linked or issued until then.
   */
  async approve(
    idOrNumber: string,
    actor: Actor,
    validUntilText?: string,
    { linkExisting = false }: { linkExisting?: boolean } = {},
  ): Promise<ListedOrder> {
    const order = await this.find(idOrNumber);
    if (order.status !== "pending")
      throw new LicensingError("conflict", `Order ${order.number} is already ${order.status}`);
    const validUntil = endOfSwedishDay(validUntilText ?? oneYearFrom(new Date()));
    if (!validUntil) throw new LicensingError("invalid", `Invalid date (YYYY-MM-DD): ${validUntilText}`);

    const approved = await this.prisma.$transaction(async (tx) => {
      const existing = await existingOrganisationFor(tx, order);
      if (existing && !linkExisting) throw belongsToExistingOrganisation(order.orgNumber, existing);
      if (existing) {
        const updated = await this.decide(tx, order, "pending", {
          status: "awaiting_confirmation",
          organisationId: existing.id,
          approvedUntil: validUntil,
        });
        await writeAudit(tx, {
          actor,
          action: "order.approve",
          subject: `order:${order.id}`,
          before: { status: "pending" },
          after: {
            status: "awaiting_confirmation",
            linkExisting: true,
            organisationId: existing.id,
            validUntil: swedishDate(validUntil),
          },
        });
        return { ...updated, existingOrganisation: existing };
      }
      const organisationId = await this.issue(tx, order, validUntil, actor);
      const updated = await this.decide(tx, order, "pending", {
        status: "approved",
        decidedAt: new Date(),
        organisationId,
      });
      await writeAudit(tx, {
        actor,
        action: "order.approve",
        subject: `order:${order.id}`,
        before: { status: "pending" },
        after: { status: "approved", validUntil: swedishDate(validUntil) },
      });
      return { ...updated, existingOrganisation: null };
    });
    this.gate.invalidate(order.tenantId);
    return approved;
  }

  /**
   * An officer of the organisation (or the operator) accepts the new tenant and its orderer: the tenant
   * is linked, the licence issued and the orderer becomes a security officer.
   */
  async acceptLink(idOrNumber: string, decider: LinkDecider): Promise<Order> {
    const order = await this.awaitingFor(idOrNumber, decider);
    const accepted = await this.prisma.$transaction(async (tx) => {
      const updated = await this.decide(tx, order, "awaiting_confirmation", {
        status: "approved",
        decidedAt: new Date(),
      });
      const organisationId = await this.issue(tx, order, order.approvedUntil!, decider.actor, { linkExisting: true });
      await writeAudit(tx, {
        actor: decider.actor,
        action: "officer.accept",
        subject: `order:${order.id}`,
        before: { status: "awaiting_confirmation" },
        after: { status: "approved", organisationId, tenantId: order.tenantId },
      });
      return updated;
    });
    // The organisation's tenants now include the new one.
    await this.invalidateOrganisation(order.organisationId!);
    return accepted;
  }

  /** The organisation does not know the orderer: nothing is linked, issued or invoiced. */
  async declineLink(idOrNumber: string, decider: LinkDecider, reason?: string): Promise<Order> {
    const order = await this.awaitingFor(idOrNumber, decider);
    const why = reason?.trim() || "Declined by the organisation";
    return this.prisma.$transaction(async (tx) => {
      const updated = await this.decide(tx, order, "awaiting_confirmation", {
        status: "declined",
        rejectReason: why,
        decidedAt: new Date(),
      });
      await writeAudit(tx, {
        actor: decider.actor,
        action: "officer.decline",
        subject: `order:${order.id}`,
        before: { status: "awaiting_confirmation" },
        after: { status: "declined", reason: why, organisationId: order.organisationId, tenantId: order.tenantId },
      });
      return updated;
    });
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

  private issue(
    tx: Prisma.TransactionClient,
    order: Order,
    validUntil: Date,
    actor: Actor,
    options: { linkExisting?: boolean } = {},
  ): Promise<string> {
    return this.licences.grantIn(
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
      options,
    );
  }

  /** Moves an order on from the status it was read in; a decision made meanwhile elsewhere wins. */
  private async decide(
    tx: Prisma.TransactionClient,
    order: Order,
    from: OrderStatus,
    data: Prisma.OrderUpdateManyMutationInput,
  ): Promise<Order> {
    const claimed = await tx.order.updateMany({ where: { id: order.id, status: from }, data });
    if (claimed.count === 0) throw new LicensingError("conflict", `Order ${order.number} was decided meanwhile`);
    return tx.order.findUniqueOrThrow({ where: { id: order.id } });
  }

  private async awaitingFor(idOrNumber: string, decider: LinkDecider): Promise<Order> {
    const order = await this.find(idOrNumber);
    // An officer only ever sees their own organisation's requests; anything else is "not found".
    if (decider.organisationId && order.organisationId !== decider.organisationId)
      throw new LicensingError("notFound", `No order ${idOrNumber}`);
    if (order.status !== "awaiting_confirmation")
      throw new LicensingError(
        decider.organisationId ? "notFound" : "conflict",
        `Order ${order.number} is ${order.status}, not awaiting confirmation`,
      );
    return order;
  }

  private async invalidateOrganisation(organisationId: string): Promise<void> {
    const tenants = await this.prisma.organisationTenant.findMany({ where: { organisationId } });
    for (const { tenantId } of tenants) this.gate.invalidate(tenantId);
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

/**
 * Prisma reports a unique index it knows as P2002; one it cannot know (the partial index on open
 * orders) reaches us as the driver adapter's PostgreSQL error 23505.
 */
function isUniqueViolation(error: unknown): boolean {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return code === "P2002" || cause?.code === "23505";
}
