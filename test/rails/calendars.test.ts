import { describe, expect, it } from 'vitest'
import { addBusinessDays, isBusinessDay, isHoliday, nextOpening, type CalendarName } from '../../src/rails/calendars.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number) => new Date(ms).toISOString()

/** Every holiday of `calendar` that falls on a weekday of `year`, as YYYY-MM-DD. */
function weekdayHolidays(calendar: CalendarName, year: number): string[] {
  const days: string[] = []
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
    const weekday = new Date(ms).getUTCDay()
    if (weekday !== 0 && weekday !== 6 && isHoliday(calendar, ms)) days.push(iso(ms).slice(0, 10))
  }
  return days
}

describe('published holiday lists (weekday holidays of a whole year)', () => {
  it.each([
    // ECB: TARGET2 closing days.
    ['TARGET', 2025, ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-12-25', '2025-12-26']],
    ['TARGET', 2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25']],
    ['TARGET', 2027, ['2027-01-01', '2027-03-26', '2027-03-29']],
    // gov.uk bank holidays, England and Wales (substitute days for weekend holidays).
    ['UK', 2022, ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27']],
    ['UK', 2023, ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26']],
    ['UK', 2025, ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26']],
    ['UK', 2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']],
    ['UK', 2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']],
    // Federal Reserve holidays (a Saturday holiday is not moved; July 4 2026 and Dec 25 2027 are Saturdays).
    ['US', 2026, ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']],
    ['US', 2027, ['2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25']],
    // Polish public holidays (Christmas Eve from 2025).
    ['PL', 2025, ['2025-01-01', '2025-01-06', '2025-04-21', '2025-05-01', '2025-06-19', '2025-08-15', '2025-11-11', '2025-12-24', '2025-12-25', '2025-12-26']],
    ['PL', 2026, ['2026-01-01', '2026-01-06', '2026-04-06', '2026-05-01', '2026-06-04', '2026-11-11', '2026-12-24', '2026-12-25']],
    // Danish banking holidays (Great Prayer Day abolished from 2024).
    ['DK', 2023, ['2023-04-06', '2023-04-07', '2023-04-10', '2023-05-05', '2023-05-18', '2023-05-19', '2023-05-29', '2023-06-05', '2023-12-25', '2023-12-26']],
    ['DK', 2026, ['2026-01-01', '2026-04-02', '2026-04-03', '2026-04-06', '2026-05-14', '2026-05-15', '2026-05-25', '2026-06-05', '2026-12-24', '2026-12-25', '2026-12-31']],
  ] as const)('%s %i', (calendar, year, expected) => {
    expect(weekdayHolidays(calendar, year)).toEqual(expected)
  })

  it('blockchains never close', () => {
    expect(isBusinessDay('ALWAYS', at('2026-12-25T12:00:00Z'))).toBe(true)
    expect(isBusinessDay('ALWAYS', at('2026-03-07T12:00:00Z'))).toBe(true)
  })

  it('weekends are not business days', () => {
    expect(isBusinessDay('TARGET', at('2026-03-07T12:00:00Z'))).toBe(false)
    expect(isBusinessDay('UK', at('2026-03-08T12:00:00Z'))).toBe(false)
  })
})

describe('addBusinessDays on TARGET', () => {
  it.each([
    ['a Wednesday to Thursday', '2026-03-04T15:30:00Z', 1, undefined, '2026-03-05T15:30:00.000Z'],
    ['a Friday across the weekend to Monday', '2026-03-06T15:30:00Z', 1, undefined, '2026-03-09T15:30:00.000Z'],
    ['a Saturday to Monday', '2026-03-07T11:00:00Z', 1, '09:00', '2026-03-09T09:00:00.000Z'],
    ['Friday plus 3 to Wednesday', '2026-03-06T10:00:00Z', 3, undefined, '2026-03-11T10:00:00.000Z'],
    ['Maundy Thursday over Easter to Tuesday', '2026-04-02T16:00:00Z', 1, '09:00', '2026-04-07T09:00:00.000Z'],
    ['Christmas Eve to the 28th', '2026-12-24T12:00:00Z', 1, '09:00', '2026-12-28T09:00:00.000Z'],
    ['Dec 31 over New Year to Jan 4 2027', '2026-12-31T18:00:00Z', 1, '09:00', '2027-01-04T09:00:00.000Z'],
    ['zero days on a business day later that day', '2026-03-04T08:00:00Z', 0, '09:00', '2026-03-04T09:00:00.000Z'],
    ['zero days after the settlement time: next business day', '2026-03-04T10:00:00Z', 0, '09:00', '2026-03-05T09:00:00.000Z'],
    ['zero days on a Sunday: Monday', '2026-03-08T10:00:00Z', 0, '09:00', '2026-03-09T09:00:00.000Z'],
  ])('%s', (_, from, days, time, expected) => {
    expect(iso(addBusinessDays('TARGET', at(from), days, time))).toBe(expected)
  })
})

describe('addBusinessDays on the other calendars', () => {
  it.each([
    ['UK: Christmas Eve 2026 to Tuesday 29th (Boxing Day substitute on the 28th)', 'UK', '2026-12-24T12:00:00Z', 1, '2026-12-29T12:00:00.000Z'],
    ['TARGET: the same day counts the 28th', 'TARGET', '2026-12-24T12:00:00Z', 1, '2026-12-28T12:00:00.000Z'],
    ['US: Friday before Memorial Day to Tuesday', 'US', '2026-05-22T15:00:00Z', 1, '2026-05-26T15:00:00.000Z'],
    ['US: Good Friday is a business day', 'US', '2026-04-02T15:00:00Z', 1, '2026-04-03T15:00:00.000Z'],
    ['PL: Wednesday before Corpus Christi to Friday', 'PL', '2026-06-03T09:00:00Z', 1, '2026-06-05T09:00:00.000Z'],
    ['DK: Wednesday before Ascension to Monday', 'DK', '2026-05-13T09:00:00Z', 1, '2026-05-18T09:00:00.000Z'],
    ['ALWAYS: Saturday to Sunday', 'ALWAYS', '2026-03-07T09:00:00Z', 1, '2026-03-08T09:00:00.000Z'],
  ] as const)('%s', (_, calendar, from, days, expected) => {
    expect(iso(addBusinessDays(calendar, at(from), days))).toBe(expected)
  })
})

describe('nextOpening (T2: 07:00-17:00 CET on TARGET days)', () => {
  const t2 = (from: string) => iso(nextOpening('TARGET', 'CET', '07:00', '17:00', at(from)))
  it.each([
    ['open in winter (CET = UTC+1): now', '2026-03-04T15:59:00Z', '2026-03-04T15:59:00.000Z'],
    ['after the winter cut-off (16:00 UTC): next morning 06:00 UTC', '2026-03-04T16:00:00Z', '2026-03-05T06:00:00.000Z'],
    ['before the opening: that morning', '2026-03-04T05:00:00Z', '2026-03-04T06:00:00.000Z'],
    ['summer time (CEST = UTC+2): cut-off at 15:00 UTC', '2026-06-10T15:30:00Z', '2026-06-11T05:00:00.000Z'],
    ['Friday evening: Monday morning', '2026-03-06T18:00:00Z', '2026-03-09T06:00:00.000Z'],
    ['Maundy Thursday after the cut-off: Easter Tuesday', '2026-04-02T16:00:00Z', '2026-04-07T05:00:00.000Z'],
    ['late evening UTC that is already the next day in CET', '2026-03-04T23:30:00Z', '2026-03-05T06:00:00.000Z'],
  ])('%s', (_, from, expected) => {
    expect(t2(from)).toBe(expected)
  })
})
