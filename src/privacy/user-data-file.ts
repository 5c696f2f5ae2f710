import type { Language } from "../content/language";
import { fill, type UiText } from "../content/ui-text-schema";
import type { DownloadFile } from "../incidents/download-store";
import { formatDate, formatDateTime } from "../content/local-time";
import { incidentSummary, summaryLines } from "../incidents/incident-summary";
import type { UserData } from "./user-data";

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

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
    fileName: `${fileNameBase}-${day(now)}.json`,
    contentType: "application/json; charset=utf-8",
    bytes: Buffer.from(JSON.stringify(document, null, 2) + "\n", "utf8"),
  };
}

/** The same, as text a person reads: one heading per kind of data, the user's own words as written. */
export function userDataTextFile(
  ui: UiText,
  language: Language,
  data: UserData,
  themeTitle: (themeId: string) => string,
  fileNameBase: string,
  now: Date = new Date(),
): DownloadFile {
  const t = ui.privacy.export;
  const lines: string[] = [t.title, fill(t.generatedAt, { date: formatDateTime(language, now) }), ""];
  const section = (heading: string, entries: string[]) => {
    lines.push(heading, "-".repeat(heading.length), ...(entries.length > 0 ? entries : [t.none]), "");
  };
  lines.push(`${t.userId}: ${data.userId}`, "");
  section(
    t.memberships,
    data.memberships.map((m) =>
      fill(t.membership, {
        organisation: m.organisation,
        role: m.role === "officer" ? t.roleOfficer : t.roleOfficial,
        date: formatDate(language, m.grantedAt),
      }),
    ),
  );
  section(
    t.directory,
    data.directory.map((d) => fill(t.directoryEntry, { email: d.email ?? "-", name: d.displayName ?? "-" })),
  );
  section(
    t.progress,
    data.progress.map((p) =>
      fill(t.progressEntry, {
        theme: themeTitle(p.themeId),
        step: p.stepIndex + 1,
        count: p.stepCount,
        completed: p.completedAt ? t.completed : "",
      }),
    ),
  );
  section(
    t.reflections,
    data.reflections.flatMap((r) => [
      `${formatDateTime(language, r.createdAt)} · ${themeTitle(r.themeId)}`,
      r.answer,
      "",
    ]),
  );
  section(
    t.incidents,
    data.incidents.flatMap((incident) => [
      fill(t.incidentEntry, {
        date: formatDateTime(language, incident.createdAt),
        expires: formatDate(language, incident.expiresAt),
      }),
      ...summaryLines(incidentSummary(ui, language, incident.record)),
      "",
    ]),
  );
  section(
    t.orders,
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
  );
  section(
    t.downloads,
    data.downloads.map((d) =>
      fill(t.downloadEntry, { file: d.fileName, expires: formatDateTime(language, d.expiresAt) }),
    ),
  );
  section(
    t.audit,
    data.auditEntries.map((a) => `${formatDateTime(language, a.at)}: ${a.action}`),
  );
  section(t.lastSeen, data.lastSeenAt ? [formatDate(language, data.lastSeenAt)] : []);
  return {
    fileName: `${fileNameBase}-${day(now)}.txt`,
    contentType: "text/plain; charset=utf-8",
    bytes: Buffer.concat([bom, Buffer.from(lines.join("\r\n") + "\r\n", "utf8")]),
  };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
