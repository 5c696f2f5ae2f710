import type { UiText } from "../domain/content/ui-text-schema";
import { fill } from "../domain/content/ui-text-schema";
import type { Access, OrganisationContact } from "../domain/licensing/access";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard, type CardElement } from "./adaptive-card";
import { mailLink, phoneLink } from "./contact-links";
import { plainText } from "./plain-text";

export type DeniedAccess = Exclude<Access, { kind: "granted" }>;

/**
 * What a user sees instead of the material: why, and the way forward. Without a licence that is how
 * to order; licensed but not granted, whom to ask. The emergency number is always on it.
 */
export interface OpenOrder {
  number: string;
  /** Approved for an organisation that already exists; waiting for one of its officers. */
  awaitingConfirmation: boolean;
}

export function accessCard(ui: UiText, access: DeniedAccess, openOrder?: OpenOrder): AdaptiveCard {
  if (access.kind === "notGranted") {
    return adaptiveCard([
      ...heading(ui.access.notGrantedTitle, { size: "Medium" }),
      ...access.organisations.flatMap((org) => [
        paragraph(fill(ui.access.notGranted, { organisation: plainText(org.name) })),
        ...contactLines(ui, org),
      ]),
      paragraph(ui.access.safety, { subtle: true }),
    ]);
  }
  const reason = ui.access[access.problem];
  const canOrder = access.problem !== "noTenant";
  return adaptiveCard(
    [
      ...heading(ui.access.noLicenceTitle, { size: "Medium" }),
      ...(openOrder?.awaitingConfirmation
        ? [paragraph(fill(ui.access.awaitingConfirmation, { number: openOrder.number }))]
        : [paragraph(reason)]),
      ...(canOrder && !openOrder?.awaitingConfirmation
        ? [paragraph(openOrder ? fill(ui.access.pendingOrder, { number: openOrder.number }) : ui.access.whoOrders)]
        : []),
      paragraph(ui.access.safety, { subtle: true }),
    ],
    canOrder && !openOrder ? [submit(ui.access.orderButton, { verb: "openOrderForm" }, "positive")] : [],
  );
}

function contactLines(ui: UiText, org: OrganisationContact): CardElement[] {
  const lines = [
    ...(org.contactPhone
      ? [
          fill(ui.access.contactPhone, {
            phone: phoneLink(org.contactPhone),
          }),
        ]
      : []),
    ...(org.contactEmail ? [fill(ui.access.contactEmail, { email: mailLink(org.contactEmail) })] : []),
  ];
  return lines.length > 0 ? lines.map((line) => paragraph(line)) : [paragraph(ui.access.noContact, { subtle: true })];
}
