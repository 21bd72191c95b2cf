import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../src/lib/duration.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['1.5s', 1_500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['6d', 518_400_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    ['1d 12h', 129_600_000],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', '10', '-5m', 'soon', '5 minutes', '1.s', 'm5', '3651d', '99999999999d'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined())
})

describe('formatDuration', () => {
  it.each([
    [450, '450ms'],
    [1_234, '1.2s'],
    [90_000, '1m 30s'],
    [7_500_000, '2h 5m'],
    [6 * 86_400_000, '6d'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})
