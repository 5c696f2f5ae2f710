import type { PrismaClient } from "../../generated/prisma";
import type { HotStatements } from "../../platform/storage/hot-statements";
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

/** `prisma` is the turn-scoped client in the bot; the gate reads memberships through `hot`. */
export function createLicensing(
  { prisma, hot }: { prisma: PrismaClient; hot: HotStatements },
  options: LicenceGateOptions = {},
): Licensing {
  const gate = new LicenceGate(prisma, hot, options);
  const licences = new LicenceRegistry(prisma, gate);
  return {
    gate,
    licences,
    orders: new OrderBook(prisma, licences, gate),
    organisations: new OrganisationAdmin(prisma, gate),
  };
}
