const YEAR = /^(\d{4})$/;
const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const FRACTIONAL_YEAR = /^(-?\d{1,4})\.(\d+)$/;

/** `Date.UTC` that keeps years 0-99 as they are (`Date.UTC` maps them to 1900-1999). */
function utc(
  year: number,
  month = 0,
  day = 1,
  hours = 0,
  minutes = 0,
  seconds = 0,
  ms = 0,
): number {
  const date = new Date(Date.UTC(2000, month, day, hours, minutes, seconds, ms));
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

/**
 * Reads a time stamp as the formats of real series files write it, into milliseconds since the
 * epoch (UTC): ISO dates and date-times (`2016-07-01`, `2016-07-01 00:00:00`, `2016-07-01T00:00Z`;
 * UTC when no zone is given), year and month (`1949-01`), a year (`1749`), and a fractional year
 * (`1991.496`, R's `time()`: the fraction of the year's length past January 1st; a fraction that is a
 * whole number of twelfths, as in monthly and quarterly series, is the start of that month).
 *
 * @returns the time in milliseconds, or `null` when the text is none of these.
 * @example
 * ```ts
 * parseTimestamp('1949-01'); // Date.UTC(1949, 0, 1)
 * parseTimestamp('1991.5'); // half-way through 1991
 * parseTimestamp('soon'); // null
 * ```
 */
export function parseTimestamp(text: string): number | null {
  const s = text.trim();
  let m = YEAR.exec(s);
  if (m) return utc(Number(m[1]));
  m = YEAR_MONTH.exec(s);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? utc(Number(m[1]), month - 1) : null;
  }
  m = DATE_TIME.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
    const month = Number(mo);
    const day = Number(d);
    if (
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > 31 ||
      Number(h) > 23 ||
      Number(mi) > 59 ||
      Number(sec) > 60
    ) {
      return null;
    }
    let ms = utc(
      Number(y),
      month - 1,
      day,
      Number(h),
      Number(mi),
      Number(sec),
      Math.round(Number(`0${frac}`) * 1000),
    );
    if (new Date(ms).getUTCDate() !== day) return null; // 2019-02-30
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return ms;
  }
  m = FRACTIONAL_YEAR.exec(s);
  if (m) {
    const value = Number(s);
    const year = Math.floor(value);
    const fraction = value - year;
    // R's time() of monthly and quarterly series is year + (month - 1) / 12: the start of a month.
    const months = fraction * 12;
    if (Math.abs(months - Math.round(months)) < 1e-6) return utc(year, Math.round(months));
    const start = utc(year);
    return start + fraction * (utc(year + 1) - start);
  }
  return null;
}
