import { fill, type UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, heading, openUrl, paragraph, submit, type AdaptiveCard } from "./adaptive-card";
import { plainText } from "./plain-text";

/** The separate confirmation before anything leaves the user's chat: who receives it, "Skicka" or "Avbryt". */
export function confirmSendCard(ui: UiText, recipientNames: string[]): AdaptiveCard {
  const texts = ui.incident;
  return adaptiveCard(
    [
      ...heading(texts.confirmSendTitle, { size: "Medium" }),
      paragraph(fill(texts.confirmSendBody, { names: recipientNames.map(plainText).join(", ") })),
    ],
    [
      submit(texts.send, { verb: "incidentChoice", choice: "confirmSend" }, "positive"),
      submit(texts.cancel, { verb: "incidentChoice", choice: "cancelSend" }),
    ],
  );
}

/** A short-lived link to the user's copy. */
export function downloadLinkCard(ui: UiText, url: string, minutes: number): AdaptiveCard {
  return adaptiveCard(
    [paragraph(fill(ui.incident.downloadReady, { minutes }))],
    [openUrl(ui.incident.downloadOpen, url)],
  );
}

/** A notice inside the documentation, with the way back to the summary's choices (or a download). */
export function incidentNoticeCard(ui: UiText, text: string, options: { offerDownload?: boolean } = {}): AdaptiveCard {
  return adaptiveCard(
    [paragraph(text)],
    options.offerDownload ? [submit(ui.incident.download, { verb: "incidentChoice", choice: "download" })] : [],
  );
}

/** `dokumentera` while a documentation is unfinished: continue it or start over. */
export function unfinishedIncidentCard(ui: UiText): AdaptiveCard {
  const texts = ui.incident;
  return adaptiveCard(
    [...heading(texts.title, { size: "Medium" }), paragraph(texts.unfinished)],
    [
      submit(texts.continue, { verb: "incidentResume", choice: "continue" }, "positive"),
      submit(texts.startOver, { verb: "incidentResume", choice: "startOver" }),
    ],
  );
}
