import type { PrismaClient } from "../../generated/prisma";
import { LicenceGate, type LicenceGateOptions } from "./licence-gate";
import { LicenceRegistry } from "./licences";
import { OrderBook } from "./orders";
import { OrganisationAdmin } from "./organisation-admin";

/** Everything about licences, orders and access, built over one database and one gate cache. */
export interface Licensing {
  gate: LicenceGate;
  licences: LicenceRegistry;
  orders: OrderBook;
  organisations: OrganisationAdmin;
}

export function createLicensing(prisma: PrismaClient, options: LicenceGateOptions = {}): Licensing {
  const gate = new LicenceGate(prisma, options);
  const licences = new LicenceRegistry(prisma, gate);
  return {
    gate,
    licences,
    orders: new OrderBook(prisma, licences, gate),
    organisations: new OrganisationAdmin(prisma, gate),
  };
}
