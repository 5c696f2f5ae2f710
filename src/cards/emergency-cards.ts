import type { Language } from "../domain/content/language";
import type { EmergencyText } from "../domain/content/emergency-schema";
import { fill } from "../domain/content/ui-text-schema";
import type { OrganisationContact } from "../domain/licensing/access";
import {
  adaptiveCard,
  heading,
  openUrl,
  paragraph,
  paragraphs,
  submit,
  toggleVisibility,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";
import { mailLink, phoneLink, webLink } from "./contact-links";
import { plainText } from "./plain-text";

/**
 * The emergency help: first the one question that matters, then either 112 and nothing else, or the
 * short checklist. The buttons carry the language the help started in, so the answer stays in it.
 */
export function emergencyAskCard(text: EmergencyText, language: Language): AdaptiveCard {
  return adaptiveCard(
    [...heading(text.askTitle), paragraph(text.askBody)],
    [
      submit(text.yes, { verb: "emergencyAnswer", inDanger: true, language }, "destructive"),
      submit(text.no, { verb: "emergencyAnswer", inDanger: false, language }),
    ],
  );
}

/** In danger: call 112. Nothing else on the card competes with that. */
export function emergencyDangerCard(text: EmergencyText): AdaptiveCard {
  return adaptiveCard(
    [
      {
        type: "TextBlock",
        text: text.danger.title,
        wrap: true,
        weight: "Bolder",
        size: "ExtraLarge",
        color: "Attention",
        style: "heading",
      },
      paragraph(text.danger.body),
      paragraph(`[${text.danger.sosApp}](${text.danger.sosAppLink})`, { subtle: true }),
    ],
    [openUrl(text.danger.call, "tel:112")],
  );
}

export function emergencyChecklistCard(
  text: EmergencyText,
  language: Language,
  contact: OrganisationContact | undefined,
): AdaptiveCard {
  const contactText = contactDetails(text, contact);
  const items: CardElement[] = text.checklist.items.map((item, index) => {
    const detailsId = `emergency-item-${index + 1}`;
    return {
      type: "Container",
      separator: index > 0,
      selectAction: toggleVisibility(item.title, [detailsId]),
      items: [
        // "1. Title" would render as a Markdown list, so the number is set apart with a middle dot.
        { type: "TextBlock", text: `${index + 1} · ${item.title} ▾`, wrap: true, weight: "Bolder" },
        {
          type: "Container",
          id: detailsId,
          isVisible: false,
          items: paragraphs(fill(item.details, { contact: contactText })),
        },
      ],
    };
  });
  return adaptiveCard(
    [...heading(text.checklist.title, { size: "Medium" }), paragraph(text.checklist.intro, { subtle: true }), ...items],
    [
      submit(text.checklist.document, { verb: "runCommand", command: "document", language }),
      submit(text.checklist.resume, { verb: "runCommand", command: "resume", language }),
      submit(text.checklist.toMenu, { verb: "showMenu" }),
    ],
  );
}

/** The organisation's own security officer contact where one is entered; otherwise the general advice. */
function contactDetails(text: EmergencyText, contact: OrganisationContact | undefined): string {
  const lines = [
    ...(contact?.contactPhone
      ? [
          fill(text.checklist.contactPhone, {
            phone: phoneLink(contact.contactPhone),
          }),
        ]
      : []),
    ...(contact?.contactEmail ? [fill(text.checklist.contactEmail, { email: mailLink(contact.contactEmail) })] : []),
    ...(contact?.routineUrl ? [fill(text.checklist.routine, { url: webLink(contact.routineUrl) })] : []),
  ];
  return lines.length > 0 ? [`**${plainText(contact!.name)}**`, ...lines].join("\n\n") : text.checklist.generalContact;
}
