/** What the licence gate decides for one user in one workspace. */
export type LicenceProblem = "noTenant" | "unlicensed" | "expired" | "revoked";
export type Role = "officer" | "official";
export type AccessMode = "granted" | "everyone";

export interface OrganisationContact {
  id: string;
  name: string;
  contactPhone: string | null;
  contactEmail: string | null;
  routineUrl: string | null;
}

export type Access =
  | { kind: "noLicence"; problem: LicenceProblem }
  /** The workspace is licensed, but this official has not been given access (granted-only mode). */
  | { kind: "notGranted"; organisations: OrganisationContact[] }
  | { kind: "granted"; organisation: OrganisationContact; role: Role };

export interface DirectoryLookup {
  email?: string;
  displayName?: string;
}

export const orgKinds = ["kommun", "region"] as const;
export type OrgKind = (typeof orgKinds)[number];

/** The list price of the material; VAT (moms) is added on the invoice. */
export const priceExclVatOre = 100_000;
export const vatRate = 0.25;
