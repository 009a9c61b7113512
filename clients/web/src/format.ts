// Danish number and date formatting. Money is whole kroner in int64 (bigint
// here), never floating point: the grouping and the rounding to millions are
// done in integer arithmetic.
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Date as ProtoDate } from '../gen/budget/v1/common_pb';
import { t } from './texts';

/** Groups the digits of an integer with '.': 1234567 → "1.234.567". */
export function grouped(n: bigint | number): string {
  const v = BigInt(n);
  const digits = (v < 0n ? -v : v).toString();
  const parts: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) parts.unshift(digits.slice(Math.max(0, end - 3), end));
  return (v < 0n ? '-' : '') + parts.join('.');
}

/** "1.234.567 kr." */
export function kr(n: bigint | number): string {
  return `${grouped(n)} ${t.units.kr}`;
}

/** Millions with one decimal, rounded half away from zero: 12345678 → "12,3 mio. kr.". */
export function mio(n: bigint | number): string {
  const v = BigInt(n);
  const abs = v < 0n ? -v : v;
  const tenths = (abs + 50_000n) / 100_000n;
  const text = `${grouped(tenths / 10n)},${tenths % 10n}`;
  return `${v < 0n && tenths > 0n ? '-' : ''}${text} ${t.units.mio}`;
}

/** Basis points as a Danish percentage: 5255 → "52,6 %". */
export function percent(bp: number): string {
  const tenths = Math.round(bp / 10);
  return `${Math.trunc(tenths / 10)},${Math.abs(tenths % 10)} %`;
}

/** Hundredths of an FTE: 150 → "1,5". */
export function fte(hundredths: bigint | number): string {
  const v = Number(hundredths);
  return `${Math.trunc(v / 100)}${v % 100 ? ',' + String(v % 100).padStart(2, '0').replace(/0$/, '') : ''}`;
}

const zone = 'Europe/Copenhagen';
const dayFormat = new Intl.DateTimeFormat(t.units.locale, { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(t.units.locale, {
  timeZone: zone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

export function tsDate(ts?: Timestamp): Date | undefined {
  return ts ? timestampDate(ts) : undefined;
}

/** "15. august 2022" */
export function day(ts?: Timestamp | Date): string {
  if (!ts) return '';
  return dayFormat.format(ts instanceof Date ? ts : timestampDate(ts));
}

/** "15.08.2022 09.00" */
export function dateTime(ts?: Timestamp | Date): string {
  if (!ts) return '';
  return timeFormat.format(ts instanceof Date ? ts : timestampDate(ts));
}

/** A budget.v1.Date as "10. oktober 2023". */
export function calendarDay(d?: ProtoDate): string {
  if (!d || !d.year) return '';
  return dayFormat.format(new Date(Date.UTC(d.year, d.month - 1, d.day, 12)));
}

/** Parses a Danish amount as typed ("1.234.567", "1234567 kr.") into whole kroner; undefined if not one. */
export function parseKr(text: string): bigint | undefined {
  const cleaned = text.replace(/kr\.?/i, '').replace(/[\s.]/g, '');
  if (!/^\d{1,13}$/.test(cleaned)) return undefined;
  return BigInt(cleaned);
}

/** The last part of a resource name: "rounds/2024/proposals/P-0017" → "P-0017". */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
