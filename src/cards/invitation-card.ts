import { fill, type UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard } from "./adaptive-card";
import { plainText } from "./plain-text";

/** What a security officer's invitation shows an official: what the material is, and the way in. */
export function invitationCard(ui: UiText, organisationName: string): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(ui.invitation.cardTitle, { size: "Medium" }),
      paragraph(fill(ui.invitation.cardBody, { organisation: plainText(organisationName) })),
    ],
    [submit(ui.invitation.open, { verb: "showMenu" }, "positive")],
  );
}
