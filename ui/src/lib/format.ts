// Display formats for dates, authors and counts. Dates are parsed by hand,
// never through `new Date(...)`, so a day stays that day in every time zone.

import type { DatePrecision } from "../ipc/types";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** "2023-11-22" → "22 Nov 2023"; month and year precision drop the rest. */
export function formatDate(
  iso: string | null | undefined,
  precision?: DatePrecision | null,
  long = false,
): string {
  if (!iso) return "";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, hh, mm] = m;
  const p: DatePrecision = precision ?? (hh ? "minute" : d ? "day" : mo ? "month" : "year");
  const names = long ? MONTHS_LONG : MONTHS;
  const month = mo ? names[Number(mo) - 1] : undefined;
  if (p === "year" || !month) return y;
  if (p === "month" || !d) return `${month} ${y}`;
  const day = `${Number(d)} ${month} ${y}`;
  return p === "minute" && hh ? `${day}, ${hh}:${mm}` : day;
}

export function formatAuthors(authors: readonly string[]): string {
  if (authors.length <= 2) return authors.join(" and ");
  return `${authors.slice(0, -1).join(", ")} and ${authors[authors.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** The last component of a path, for lists of files. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Checks what the core accepts as a corrected date: 2023, 2023-11, 2023-11-22, 2023-11-22T06:00. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?$/.exec(s.trim());
  if (!m) return false;
  const [, , mo, d, hh, mm] = m;
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d && (Number(d) < 1 || Number(d) > 31)) return false;
  if (hh && (Number(hh) > 23 || Number(mm) > 59)) return false;
  return true;
}

/**
 * Turns what the user typed in a date filter into an inclusive ISO day:
 * "2023" is 2023-01-01 as a start and 2023-12-31 as an end, "2023-11" the
 * first or last day of November. "" is no bound; null means unreadable.
 */
export function dateBound(input: string, bound: "from" | "to"): string | null {
  const s = input.trim();
  if (!s) return "";
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : bound === "from" ? 1 : 12;
  if (mo < 1 || mo > 12) return null;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = m[3] ? Number(m[3]) : bound === "from" ? 1 : last;
  if (d < 1 || d > last) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${y}-${pad(mo)}-${pad(d)}`;
}
