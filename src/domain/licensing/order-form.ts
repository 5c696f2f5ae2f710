import { z } from "zod/v4";
import { orgKinds } from "./access";
import { normaliseOrgNumber } from "./org-number";
import { hasControlCharacters } from "./control-characters";
import { isEmailAddress } from "./email-address";

/** The fields of the order form, as the card sends them. */
export const orderFields = [
  "orgName",
  "orgNumber",
  "kind",
  "ordererName",
  "ordererEmail",
  "ordererPhone",
  "invoiceReference",
  "acceptPrice",
] as const;
export type OrderField = (typeof orderFields)[number];
export type OrderFieldError =
  | "required"
  | "tooLong"
  | "invalidCharacters"
  | "invalidOrgNumber"
  | "invalidKind"
  | "invalidEmail"
  | "invalidPhone"
  | "mustAccept";

export interface OrderFormValues {
  orgName: string;
  orgNumber: string;
  kind: (typeof orgKinds)[number];
  ordererName: string;
  ordererEmail: string;
  ordererPhone: string;
  invoiceReference: string;
}

const phonePattern = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/;

const text = (max: number) => z.string().trim().max(max, "tooLong");

/**
 * Checks the whole form and reports every field's problem at once, so the card can show each reason
 * next to its field and keep everything the orderer typed.
 */
export function validateOrderForm(
  input: Partial<Record<OrderField, unknown>>,
): { ok: true; values: OrderFormValues } | { ok: false; errors: Partial<Record<OrderField, OrderFieldError>> } {
  const errors: Partial<Record<OrderField, OrderFieldError>> = {};
  const read = (field: OrderField, max: number): string => {
    const parsed = text(max).safeParse(typeof input[field] === "string" ? input[field] : "");
    if (!parsed.success) {
      errors[field] = "tooLong";
      return "";
    }
    if (hasControlCharacters(parsed.data)) {
      errors[field] = "invalidCharacters";
      return "";
    }
    if (parsed.data === "") errors[field] = "required";
    return parsed.data;
  };

  const orgName = read("orgName", 200);
  const orgNumberText = read("orgNumber", 20);
  const orgNumber = orgNumberText ? normaliseOrgNumber(orgNumberText) : undefined;
  if (orgNumberText && !orgNumber) errors.orgNumber = "invalidOrgNumber";
  const kind = read("kind", 20);
  if (kind && !orgKinds.includes(kind as never)) errors.kind = "invalidKind";
  const ordererName = read("ordererName", 200);
  const ordererEmail = read("ordererEmail", 254);
  if (ordererEmail && !isEmailAddress(ordererEmail)) errors.ordererEmail = "invalidEmail";
  const ordererPhone = read("ordererPhone", 30);
  if (ordererPhone && !phonePattern.test(ordererPhone)) errors.ordererPhone = "invalidPhone";
  const invoiceReference = read("invoiceReference", 100);
  if (input.acceptPrice !== "true" && input.acceptPrice !== true) errors.acceptPrice = "mustAccept";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    values: {
      orgName,
      orgNumber: orgNumber!,
      kind: kind as OrderFormValues["kind"],
      ordererName,
      ordererEmail: ordererEmail.toLowerCase(),
      ordererPhone,
      invoiceReference,
    },
  };
}
