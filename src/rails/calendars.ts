// Banking calendars: which days a rail counts as business days. Hand-written, no holidays
// library: each calendar is a few fixed dates, a few dates relative to Easter (the anonymous
// Gregorian computus) or to a weekday of a month, and a small table of one-off days; every
// calendar is tested against published holiday lists (test/rails/calendars.test.ts).
//
//   TARGET  (T2, EUR)       1 Jan, Good Friday, Easter Monday, 1 May, 25 and 26 Dec
//   UK      (England/Wales) New Year, Good Friday, Easter Monday, first and last Monday of May,
//                           last Monday of August, Christmas, Boxing Day; a holiday on a weekend
//                           moves to the next free weekday; one-off days in ONE_OFF_UK
//   US      (Federal Reserve) New Year, MLK, Presidents, Memorial, Juneteenth (from 2022),
//                           Independence, Labor, Columbus, Veterans, Thanksgiving, Christmas; a
//                           Sunday holiday is kept on Monday, a Saturday one is not moved
//   PL      (KIR, ELIXIR)   1 and 6 Jan, Easter Monday, 1 and 3 May, Corpus Christi, 15 Aug,
//                           1 and 11 Nov, 24 Dec (from 2025), 25 and 26 Dec
//   DK      (Danish banking days) 1 Jan, Maundy Thursday, Good Friday, Easter Monday, Great
//                           Prayer Day (until 2023), Ascension and the day after, Whit Monday,
//                           5 Jun, 24, 25, 26 and 31 Dec
//   ALWAYS  every day (blockchains)
// Saturdays and Sundays are closed everywhere but ALWAYS. Days are counted in UTC.

export const CALENDARS = ['TARGET', 'UK', 'US', 'PL', 'DK', 'ALWAYS'] as const
export type CalendarName = (typeof CALENDARS)[number]

const DAY = 86_400_000

/** Easter Sunday of `year` as a UTC day number (days since the epoch). */
function easterDay(year: number): number {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return Date.UTC(year, month - 1, day) / DAY
}

const dayOf = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY
const weekdayOf = (dayNumber: number) => (dayNumber + 4) % 7 // 1970-01-01 was a Thursday (4)

/** The `n`th `weekday` (0 = Sunday) of a month; n = -1 is the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n < 0) {
    const last = dayOf(year, month + 1, 0)
    return last - ((weekdayOf(last) - weekday + 7) % 7)
  }
  const first = dayOf(year, month, 1)
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7
}

/**
 * UK one-off changes (gov.uk): a bank holiday moved to another day, or an extra one. The
 * years from 2020 on; add a line when a proclamation makes another.
 */
const ONE_OFF_UK: Record<number, { moved?: Array<[from: number, to: number]>; extra?: number[] }> = {
  2020: { moved: [[dayOf(2020, 5, 4), dayOf(2020, 5, 8)]] }, // VE Day 75
  2022: { moved: [[dayOf(2022, 5, 30), dayOf(2022, 6, 2)]], extra: [dayOf(2022, 6, 3), dayOf(2022, 9, 19)] }, // Platinum Jubilee, the Queen's funeral
  2023: { extra: [dayOf(2023, 5, 8)] }, // the King's coronation
}

/** Weekend holidays moved to the next weekday that is not already a holiday (UK substitute days). */
function withSubstitutes(days: number[]): number[] {
  const taken = new Set<number>()
  for (const day of [...days].sort((a, b) => a - b)) {
    let d = day
    while (weekdayOf(d) === 0 || weekdayOf(d) === 6 || taken.has(d)) d++
    taken.add(d)
  }
  return [...taken]
}

function ukHolidays(year: number): number[] {
  const easter = easterDay(year)
  const fixed = withSubstitutes([dayOf(year, 1, 1), dayOf(year, 12, 25), dayOf(year, 12, 26)])
  let days = [...fixed, easter - 2, easter + 1, nthWeekday(year, 5, 1, 1), nthWeekday(year, 5, 1, -1), nthWeekday(year, 8, 1, -1)]
  const oneOff = ONE_OFF_UK[year]
  for (const [from, to] of oneOff?.moved ?? []) days = days.map((d) => (d === from ? to : d))
  return [...days, ...(oneOff?.extra ?? [])]
}

function usHolidays(year: number): number[] {
  const sundayToMonday = (d: number) => (weekdayOf(d) === 0 ? d + 1 : d)
  const fixed = [dayOf(year, 1, 1), dayOf(year, 7, 4), dayOf(year, 11, 11), dayOf(year, 12, 25), ...(year >= 2022 ? [dayOf(year, 6, 19)] : [])]
  return [
    ...fixed.map(sundayToMonday),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    nthWeekday(year, 5, 1, -1),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 10, 1, 2),
    nthWeekday(year, 11, 4, 4),
  ]
}

function targetHolidays(year: number): number[] {
  const easter = easterDay(year)
  return [dayOf(year, 1, 1), easter - 2, easter + 1, dayOf(year, 5, 1), dayOf(year, 12, 25), dayOf(year, 12, 26)]
}

function polishHolidays(year: number): number[] {
  const easter = easterDay(year)
  const fixed = [[1, 1], [1, 6], [5, 1], [5, 3], [8, 15], [11, 1], [11, 11], [12, 25], [12, 26], ...(year >= 2025 ? [[12, 24]] : [])]
  return [...fixed.map(([m, d]) => dayOf(year, m!, d!)), easter + 1, easter + 60]
}

function danishHolidays(year: number): number[] {
  const easter = easterDay(year)
  const fixed = [[1, 1], [6, 5], [12, 24], [12, 25], [12, 26], [12, 31]].map(([m, d]) => dayOf(year, m!, d!))
  return [...fixed, easter - 3, easter - 2, easter + 1, ...(year <= 2023 ? [easter + 26] : []), easter + 39, easter + 40, easter + 50]
}

const HOLIDAYS: Record<Exclude<CalendarName, 'ALWAYS'>, (year: number) => number[]> = {
  TARGET: targetHolidays,
  UK: ukHolidays,
  US: usHolidays,
  PL: polishHolidays,
  DK: danishHolidays,
}

/** Holidays per calendar and year, computed once: the simulator asks for every payout. */
const cache = new Map<string, Set<number>>()

function holidaysOf(calendar: Exclude<CalendarName, 'ALWAYS'>, year: number): Set<number> {
  const key = `${calendar}${year}`
  let days = cache.get(key)
  if (!days) cache.set(key, (days = new Set(HOLIDAYS[calendar](year))))
  return days
}

export function isHoliday(calendar: CalendarName, ms: number): boolean {
  if (calendar === 'ALWAYS') return false
  return holidaysOf(calendar, new Date(ms).getUTCFullYear()).has(Math.floor(ms / DAY))
}

export function isBusinessDay(calendar: CalendarName, ms: number): boolean {
  if (calendar === 'ALWAYS') return true
  const weekday = weekdayOf(Math.floor(ms / DAY))
  return weekday !== 0 && weekday !== 6 && !isHoliday(calendar, ms)
}

/** Milliseconds since midnight of "HH:MM". */
export function timeOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 3_600_000 + Number(hhmm.slice(3, 5)) * 60_000
}

/**
 * The instant `days` business days of `calendar` after `from`, at `at` ("HH:MM" UTC) or at the
 * time of day of `from`. Zero days means the first business day from `from` on, never before
 * `from`.
 */
export function addBusinessDays(calendar: CalendarName, from: number, days: number, at?: string): number {
  const startOfDay = Math.floor(from / DAY) * DAY
  const time = at ? timeOfDay(at) : from - startOfDay
  let day = startOfDay
  let remaining = days
  if (remaining === 0 && (!isBusinessDay(calendar, day) || day + time < from)) remaining = 1
  while (remaining > 0) {
    day += DAY
    if (isBusinessDay(calendar, day)) remaining--
  }
  return day + time
}

/** Time zones of opening hours: UTC, or Central European / UK time with EU summer time. */
export type Zone = 'UTC' | 'CET' | 'UK'

/** Summer time in the EU and the UK: last Sunday of March to last Sunday of October, at 01:00 UTC. */
function isSummerTime(ms: number): boolean {
  const year = new Date(ms).getUTCFullYear()
  const start = nthWeekday(year, 3, 0, -1) * DAY + 3_600_000
  const end = nthWeekday(year, 10, 0, -1) * DAY + 3_600_000
  return ms >= start && ms < end
}

/** Offset of `zone` from UTC at `ms`, in milliseconds. */
export function zoneOffset(zone: Zone, ms: number): number {
  const base = zone === 'CET' ? 3_600_000 : 0
  return zone === 'UTC' ? 0 : base + (isSummerTime(ms) ? 3_600_000 : 0)
}

/**
 * The first instant from `from` on at which a rail open `open` to `close` (local "HH:MM" in
 * `zone`) on the business days of `calendar` takes a payment: `from` itself while it is open,
 * else the next opening. Business days are the local dates of `zone`.
 */
export function nextOpening(calendar: CalendarName, zone: Zone, open: string, close: string, from: number): number {
  const local = from + zoneOffset(zone, from)
  const startOfDay = Math.floor(local / DAY) * DAY
  const [opens, closes] = [timeOfDay(open), timeOfDay(close)]
  if (isBusinessDay(calendar, startOfDay) && local >= startOfDay + opens && local < startOfDay + closes) return from
  let day = local < startOfDay + opens ? startOfDay : startOfDay + DAY
  for (let i = 0; i < 366 && !isBusinessDay(calendar, day); i++) day += DAY
  const opening = day + opens
  return opening - zoneOffset(zone, opening - zoneOffset(zone, opening))
}
