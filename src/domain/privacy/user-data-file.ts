import type { Language } from "../content/language";
import { fill, type UiText } from "../content/ui-text-schema";
import { datedFileName, type DownloadFile } from "../incidents/download-store";
import { formatDate, formatDateTime } from "../content/local-time";
import type { PdfBlock } from "../../platform/documents/pdf-document";
import { pdfDownload } from "../content/pdf-download";
import { incidentSummary } from "../incidents/incident-summary";
import type { UserData } from "./user-data";

/** The export as JSON: every field the bot holds about the person, decrypted, dates as ISO 8601. */
export function userDataJsonFile(data: UserData, fileNameBase: string, now: Date = new Date()): DownloadFile {
  const document = {
    format: "sta-kvar/my-data",
    version: 1,
    exportedAt: now.toISOString(),
    ...data,
    incidents: data.incidents.map((incident) => ({
      id: incident.id,
      createdAt: incident.createdAt,
      expiresAt: incident.expiresAt,
      documentedAt: incident.record.createdAt,
      answers: incident.record.answers,
    })),
  };
  return {
    fileName: datedFileName(fileNameBase, now, "json"),
    contentType: "application/json; charset=utf-8",
    bytes: Buffer.from(JSON.stringify(document, null, 2) + "\n", "utf8"),
  };
}

/** The same as a PDF a person reads and can print: one section per kind of data, the user's own words as written. */
export function userDataPdfFile(
  ui: UiText,
  language: Language,
  data: UserData,
  themeTitle: (themeId: string) => string,
  fileNameBase: string,
  now: Date = new Date(),
): DownloadFile {
  const t = ui.privacy.export;
  const blocks: PdfBlock[] = [{ kind: "paragraph", text: `${t.userId}: ${data.userId}` }];
  const section = (heading: string, entries: PdfBlock[]) => {
    blocks.push({ kind: "heading", text: heading }, ...(entries.length > 0 ? entries : [none(t.none)]));
  };
  const list = (items: string[]): PdfBlock[] => (items.length > 0 ? [{ kind: "list", items }] : []);
  section(
    t.memberships,
    list(
      data.memberships.map((m) =>
        fill(t.membership, {
          organisation: m.organisation,
          role: m.role === "officer" ? t.roleOfficer : t.roleOfficial,
          date: formatDate(language, m.grantedAt),
        }),
      ),
    ),
  );
  section(
    t.directory,
    list(data.directory.map((d) => fill(t.directoryEntry, { email: d.email ?? "-", name: d.displayName ?? "-" }))),
  );
  section(
    t.progress,
    list(
      data.progress.map((p) =>
        fill(t.progressEntry, {
          theme: themeTitle(p.themeId),
          step: p.stepIndex + 1,
          count: p.stepCount,
          completed: p.completedAt ? t.completed : "",
        }),
      ),
    ),
  );
  section(
    t.reflections,
    data.reflections.flatMap((r): PdfBlock[] => [
      { kind: "label", text: `${formatDateTime(language, r.createdAt)} · ${themeTitle(r.themeId)}` },
      { kind: "paragraph", text: r.answer },
    ]),
  );
  section(
    t.incidents,
    data.incidents.flatMap((incident): PdfBlock[] => {
      const summary = incidentSummary(ui, language, incident.record);
      return [
        {
          kind: "label",
          text: fill(t.incidentEntry, {
            date: formatDateTime(language, incident.createdAt),
            expires: formatDate(language, incident.expiresAt),
          }),
        },
        ...summary.entries.map((entry): PdfBlock => ({
          kind: "paragraph",
          text: `${entry.label}: ${entry.answer ?? summary.notGiven}`,
        })),
      ];
    }),
  );
  section(
    t.orders,
    list(
      data.orders.map((o) =>
        fill(t.orderEntry, {
          number: o.number,
          organisation: o.organisation,
          status: o.status,
          date: formatDate(language, o.createdAt),
          name: o.ordererName,
          email: o.ordererEmail,
          phone: o.ordererPhone,
          reference: o.invoiceReference,
        }),
      ),
    ),
  );
  section(
    t.downloads,
    list(
      data.downloads.map((d) =>
        fill(t.downloadEntry, { file: d.fileName, expires: formatDateTime(language, d.expiresAt) }),
      ),
    ),
  );
  section(
    ui.reminders.exportTitle,
    list(
      data.reminders.map((r) =>
        fill(ui.reminders.exportEntry, {
          theme: themeTitle(r.themeId),
          date: formatDateTime(language, r.dueAt),
          status: r.status,
        }),
      ),
    ),
  );
  section(
    ui.invitation.exportTitle,
    list(data.invitations.map((i) => fill(ui.invitation.exportEntry, { date: formatDateTime(language, i.invitedAt) }))),
  );
  section(t.audit, list(data.auditEntries.map((a) => `${formatDateTime(language, a.at)}: ${a.action}`)));
  section(t.lastSeen, list(data.lastSeenAt ? [formatDate(language, data.lastSeenAt)] : []));
  return pdfDownload({ ui, language, now, texts: t, fileNameBase, blocks });
}

function none(text: string): PdfBlock {
  return { kind: "paragraph", text, subtle: true };
}
