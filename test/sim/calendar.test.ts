import { describe, expect, it } from 'vitest'
import { addBusinessDays, isBusinessDay, isTargetHoliday } from '../../src/sim/calendar.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number) => new Date(ms).toISOString()

describe('TARGET calendar', () => {
  it.each([
    ['2026-01-01', "New Year's Day"],
    ['2026-04-03', 'Good Friday 2026'],
    ['2026-04-06', 'Easter Monday 2026'],
    ['2025-04-18', 'Good Friday 2025'],
    ['2025-04-21', 'Easter Monday 2025'],
    ['2027-03-26', 'Good Friday 2027'],
    ['2027-03-29', 'Easter Monday 2027'],
    ['2026-05-01', 'Labour Day'],
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-26', 'Boxing Day'],
  ])('%s is a TARGET holiday (%s)', (day) => {
    expect(isTargetHoliday(at(`${day}T12:00:00Z`))).toBe(true)
    expect(isBusinessDay(at(`${day}T12:00:00Z`))).toBe(false)
  })

  it.each(['2026-04-02', '2026-04-07', '2026-05-04', '2026-12-24', '2026-12-28', '2026-10-05'])('%s is a business day', (day) => {
    expect(isBusinessDay(at(`${day}T12:00:00Z`))).toBe(true)
  })

  it('weekends are not business days', () => {
    expect(isBusinessDay(at('2026-03-07T12:00:00Z'))).toBe(false)
    expect(isBusinessDay(at('2026-03-08T12:00:00Z'))).toBe(false)
  })
})

describe('addBusinessDays', () => {
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
    expect(iso(addBusinessDays(at(from), days, time))).toBe(expected)
  })
})
