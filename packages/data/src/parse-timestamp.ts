const YEAR = /^(\d{4})$/;
const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const FRACTIONAL_YEAR = /^(-?\d{1,4})\.(\d+)$/;

/**
 * Reads a time stamp as the formats of real series files write it, into milliseconds since the
 * epoch (UTC): ISO dates and date-times (`2016-07-01`, `2016-07-01 00:00:00`, `2016-07-01T00:00Z`;
 * UTC when no zone is given), year and month (`1949-01`), a year (`1749`), and a fractional year
 * (`1991.496`, R's `time()`: the fraction of the year's length past January 1st).
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
  if (m) return Date.UTC(Number(m[1]), 0, 1);
  m = YEAR_MONTH.exec(s);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? Date.UTC(Number(m[1]), month - 1, 1) : null;
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
    let ms = Date.UTC(
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
    const start = Date.UTC(year, 0, 1);
    return start + (value - year) * (Date.UTC(year + 1, 0, 1) - start);
  }
  return null;
}
