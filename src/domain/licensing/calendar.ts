/**
 * Licence dates are calendar days in Sweden: "valid until 2027-12-31" means through the end of that
 * day in Stockholm, whatever the server's time zone.
 */
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const match = isoDate.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return undefined;
  return { year, month, day };
}

/** The last instant of the given day in Europe/Stockholm. */
export function endOfSwedishDay(text: string): Date | undefined {
  const date = parseIsoDate(text);
  if (!date) return undefined;
  const startOfNextDayUtc = Date.UTC(date.year, date.month - 1, date.day + 1);
  return new Date(startOfNextDayUtc - stockholmOffsetMs(new Date(startOfNextDayUtc)) - 1);
}

/** The first instant of the given day in Europe/Stockholm. */
export function startOfSwedishDay(text: string): Date | undefined {
  const date = parseIsoDate(text);
  if (!date) return undefined;
  const startOfDayUtc = Date.UTC(date.year, date.month - 1, date.day);
  return new Date(startOfDayUtc - stockholmOffsetMs(new Date(startOfDayUtc)));
}

export function swedishDate(date: Date): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", dateStyle: "short" }).format(date);
}

/** The instants that bound a calendar month (YYYY-MM) in Sweden. */
export function swedishMonth(month: string): { endOfPreviousMonth: Date; endOfMonth: Date } | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return undefined;
  const [year, monthNumber] = [Number(match[1]), Number(match[2])];
  if (monthNumber < 1 || monthNumber > 12) return undefined;
  const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return {
    endOfPreviousMonth: endOfSwedishDay(lastDayOf(year, monthNumber - 1))!,
    endOfMonth: endOfSwedishDay(lastDayOf(year, monthNumber))!,
  };
}

/** A year from today, as a Swedish calendar date: the default length of a licence. */
export function oneYearFrom(now: Date): string {
  const [year, month, day] = swedishDate(now).split("-").map(Number);
  return `${year + 1}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function stockholmOffsetMs(at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Stockholm",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
