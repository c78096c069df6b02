import { SeededRandom } from '@seq/core';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** How a date is written out: the book's `April 22, 2019` and three variants. */
export const DATE_FORMATS = ['long', 'day-first', 'short', 'weekday'] as const;

/** One of {@link DATE_FORMATS}. */
export type DateFormat = (typeof DATE_FORMATS)[number];

/** A date written out and its ISO form. */
export interface DatePair {
  /** `April 22, 2019`, `22 April 2019`, `Apr 22, 2019` or `Monday, April 22, 2019`. */
  source: string;
  /** `2019-04-22`. */
  target: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Writes the date `year-month-day` (month 1-12) in a format, with its ISO form. */
export function formatDate(year: number, month: number, day: number, format: DateFormat): DatePair {
  const name = MONTHS[month - 1] as string;
  const target = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  switch (format) {
    case 'long':
      return { source: `${name} ${day}, ${year}`, target };
    case 'day-first':
      return { source: `${day} ${name} ${year}`, target };
    case 'short':
      return { source: `${name.slice(0, 3)} ${day}, ${year}`, target };
    case 'weekday': {
      const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] as string;
      return { source: `${weekday}, ${name} ${day}, ${year}`, target };
    }
  }
}

/**
 * Random dates between the years 1000 and 9999 (the exercise of chapter 16), each written in a
 * random format of {@link DATE_FORMATS}, with their ISO forms; the same seed gives the same pairs.
 * The playground's attention page imports it (`@seq/app-translate/date-pairs`), so a model this
 * app saves reads what the page writes.
 * The proleptic Gregorian calendar decides the days of each month and the weekdays.
 */
export function generateDatePairs(count: number, seed: number): DatePair[] {
  const random = new SeededRandom(`dates/${seed}`);
  const first = Date.UTC(1000, 0, 1);
  const days = (Date.UTC(9999, 11, 31) - first) / 86_400_000 + 1;
  const pairs: DatePair[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(first + random.nextInt(days) * 86_400_000);
    const format = DATE_FORMATS[random.nextInt(DATE_FORMATS.length)] as DateFormat;
    pairs.push(
      formatDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), format),
    );
  }
  return pairs;
}
