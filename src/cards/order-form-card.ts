import { fill, type UiText } from "../domain/content/ui-text-schema";
import type { OrderField, OrderFieldError } from "../domain/licensing/order-form";
import { plainText } from "./plain-text";
import {
  adaptiveCard,
  execute,
  heading,
  noticeBlock,
  paragraph,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";

export interface OrderFormState {
  values?: Partial<Record<OrderField, string>>;
  errors?: Partial<Record<OrderField, OrderFieldError>>;
}

export const submitOrderVerb = "submitOrder";

export function orderReceivedCard(
  ui: UiText,
  order: { number: string; orgName: string; invoiceReference: string },
): AdaptiveCard {
  return adaptiveCard([
    ...heading(`✓ ${ui.order.receivedTitle}`, { size: "Medium" }),
    paragraph(
      fill(ui.order.received, {
        number: order.number,
        organisation: plainText(order.orgName),
        reference: plainText(order.invoiceReference),
      }),
    ),
    paragraph(ui.order.nextSteps),
  ]);
}

/** The order form. After a failed submit it comes back with each reason under its field and every value kept. */
export function orderFormCard(ui: UiText, { values = {}, errors = {} }: OrderFormState = {}): AdaptiveCard {
  const field = (id: OrderField, input: { type: string } & Record<string, unknown>): CardElement[] => [
    {
      ...input,
      id,
      ...(id === "acceptPrice" ? {} : { label: ui.order[id] }),
      ...(values[id] ? { value: values[id] } : {}),
    },
    ...(errors[id]
      ? [
          {
            type: "TextBlock",
            text: ui.order.errors[errors[id]!],
            wrap: true,
            color: "Attention",
            size: "Small",
            spacing: "None",
          },
        ]
      : []),
  ];
  const text = (id: OrderField, extra: Record<string, unknown> = {}) =>
    field(id, { type: "Input.Text", maxLength: 200, ...extra });
  const hasErrors = Object.keys(errors).length > 0;
  return adaptiveCard(
    [
      ...heading(ui.order.title, { size: "Medium" }),
      paragraph(ui.order.intro),
      ...(hasErrors ? [noticeBlock({ text: ui.order.fixErrors, tone: "attention" })] : []),
      ...text("orgName"),
      ...text("orgNumber", { placeholder: "212000-0000", maxLength: 20 }),
      ...field("kind", {
        type: "Input.ChoiceSet",
        style: "expanded",
        choices: [
          { title: ui.order.kommun, value: "kommun" },
          { title: ui.order.region, value: "region" },
        ],
      }),
      ...text("ordererName"),
      ...text("ordererEmail", { style: "Email", maxLength: 254 }),
      ...text("ordererPhone", { style: "Tel", maxLength: 30 }),
      ...text("invoiceReference", { maxLength: 100 }),
      ...field("acceptPrice", {
        type: "Input.Toggle",
        title: ui.order.acceptPrice,
        valueOn: "true",
        valueOff: "false",
      }),
    ],
    [execute(ui.order.submit, submitOrderVerb, {}, "positive")],
  );
}
