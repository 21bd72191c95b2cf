// The TARGET calendar of SEPA settlement: no settlement on Saturdays, Sundays, New Year's Day,
// Good Friday, Easter Monday, 1 May, 25 and 26 December. Days are counted in UTC. Written by
// hand: six closing days and Easter (the anonymous Gregorian computus) are all there is to it.

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

export function isTargetHoliday(ms: number): boolean {
  const date = new Date(ms)
  const month = date.getUTCMonth() + 1
  const day = date.getUTCDate()
  if ((month === 1 && day === 1) || (month === 5 && day === 1) || (month === 12 && (day === 25 || day === 26))) return true
  const dayNumber = Math.floor(ms / DAY)
  const easter = easterDay(date.getUTCFullYear())
  return dayNumber === easter - 2 || dayNumber === easter + 1
}

export function isBusinessDay(ms: number): boolean {
  const weekday = new Date(ms).getUTCDay()
  return weekday !== 0 && weekday !== 6 && !isTargetHoliday(ms)
}

/**
 * The instant `days` TARGET business days after `from`, at `at` ("HH:MM" UTC) or at the time of
 * day of `from`. Zero days means the first business day from `from` on, never before `from`.
 */
export function addBusinessDays(from: number, days: number, at?: string): number {
  const startOfDay = Math.floor(from / DAY) * DAY
  const timeOfDay = at ? Number(at.slice(0, 2)) * 3_600_000 + Number(at.slice(3, 5)) * 60_000 : from - startOfDay
  let day = startOfDay
  let remaining = days
  if (remaining === 0 && (!isBusinessDay(day) || day + timeOfDay < from)) remaining = 1
  while (remaining > 0) {
    day += DAY
    if (isBusinessDay(day)) remaining--
  }
  return day + timeOfDay
}
