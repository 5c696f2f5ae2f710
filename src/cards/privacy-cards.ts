import { fill, type UiText } from "../domain/content/ui-text-schema";
import type { PrivacyNotice } from "../domain/privacy/privacy-notice";
import type { UserDataCounts } from "../domain/privacy/user-data";
import {
  adaptiveCard,
  heading,
  openUrl,
  paragraph,
  paragraphs,
  submit,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";
import { plainText } from "./plain-text";

/** `mina data`: how much of each kind the bot holds about the user, with export and erase. */
export function myDataCard(ui: UiText, counts: UserDataCounts): AdaptiveCard {
  const t = ui.privacy.myData;
  const rows: Array<[string, number]> = [
    [t.memberships, counts.memberships],
    [t.progress, counts.progress],
    [t.reflections, counts.reflections],
    [t.incidents, counts.incidents],
    [t.orders, counts.orders],
    [t.downloads, counts.downloads],
    [t.other, counts.other],
  ];
  const total = rows.reduce((sum, [, count]) => sum + count, 0);
  const body: CardElement[] = [...heading(t.title, { size: "Medium" }), paragraph(total > 0 ? t.intro : t.nothing)];
  if (total > 0)
    body.push({
      type: "FactSet",
      facts: rows.map(([title, count]) => ({ title, value: fill(t.count, { count }) })),
    });
  return adaptiveCard(body, [
    submit(t.export, { verb: "privacyExport" }),
    submit(t.erase, { verb: "privacyErase" }, "destructive"),
    submit(t.notice, { verb: "showPrivacy" }),
    submit(ui.menu.title, { verb: "showMenu" }),
  ]);
}

/** The export's two files, behind short-lived links. */
export function exportReadyCard(ui: UiText, links: { json: string; pdf: string }, minutes: number): AdaptiveCard {
  const t = ui.privacy.export;
  return adaptiveCard(
    [...heading(ui.privacy.myData.title, { size: "Medium" }), paragraph(fill(t.ready, { minutes }))],
    [openUrl(t.openPdf, links.pdf), openUrl(t.openJson, links.json), submit(ui.menu.title, { verb: "showMenu" })],
  );
}

export function eraseConfirmCard(ui: UiText): AdaptiveCard {
  const t = ui.privacy.erase;
  return adaptiveCard(
    [...heading(t.confirmTitle, { size: "Medium" }), ...paragraphs(t.confirmBody)],
    [
      submit(t.confirm, { verb: "privacyEraseConfirm" }, "destructive"),
      submit(t.cancel, { verb: "privacyEraseCancel" }),
    ],
  );
}

/** What was erased, and what was kept and why. No button leads back: the chat starts over if they write again. */
export function erasedCard(ui: UiText, erased: UserDataCounts & { auditEntries: number }): AdaptiveCard {
  const t = ui.privacy.erase;
  const body: CardElement[] = [
    ...heading(t.doneTitle, { size: "Medium" }),
    paragraph(
      fill(t.done, {
        memberships: erased.memberships,
        progress: erased.progress,
        reflections: erased.reflections,
        incidents: erased.incidents,
        downloads: erased.downloads,
        other: erased.other,
      }),
    ),
  ];
  if (erased.orders > 0) body.push(paragraph(fill(t.keptOrders, { orders: erased.orders })));
  if (erased.auditEntries > 0) body.push(paragraph(t.keptAudit));
  body.push(paragraph(t.again, { subtle: true }));
  return adaptiveCard(body);
}

export function lastOfficerCard(ui: UiText, organisations: string[]): AdaptiveCard {
  return adaptiveCard(
    [paragraph(fill(ui.privacy.erase.lastOfficer, { organisations: organisations.map(plainText).join(", ") }))],
    [submit(ui.menu.admin, { verb: "showAdmin" }), submit(ui.privacy.myData.title, { verb: "showMyData" })],
  );
}

/** `integritet`: the privacy notice from content/<lang>/integritet.md. */
export function privacyNoticeCard(ui: UiText, notice: PrivacyNotice): AdaptiveCard {
  const body: CardElement[] = [...heading(notice.title, { size: "Medium" }), ...paragraphs(notice.intro)];
  for (const section of notice.sections) {
    body.push({ type: "TextBlock", text: section.heading, wrap: true, weight: "Bolder", spacing: "Medium" });
    body.push(...paragraphs(section.body));
  }
  return adaptiveCard(body, [
    submit(ui.privacy.notice.myData, { verb: "showMyData" }),
    submit(ui.menu.title, { verb: "showMenu" }),
  ]);
}
