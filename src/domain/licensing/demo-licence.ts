import type { Licensing } from "./licensing";

/** The tenant the Microsoft 365 Agents Playground puts every conversation in. */
export const playgroundTenantId = "00000000-0000-0000-0000-0000000000001";

/**
 * Outside production, an empty database gives the Playground's tenant a licence open to everyone,
 * so `npm start` plus the Playground shows the material with no set-up.
 */
export async function ensureDemoLicence(
  licensing: Licensing,
  prisma: { organisation: { count(): Promise<number> } },
): Promise<boolean> {
  if ((await prisma.organisation.count()) > 0) return false;
  const demo = await licensing.licences.grant(
    { tenantId: playgroundTenantId, orgName: "Demokommunen (utveckling)", orgNumber: "212000-9994", kind: "kommun" },
    "system:demo",
  );
  await licensing.organisations.setAccessMode(demo.organisationId, "everyone", "system:demo");
  return true;
}
