// The rails registry against the SDK's enum, and the shipped default scenario against the
// registry: a rail that can carry a payout must have its own timeline there.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SCENARIOS_DIR } from '../../src/package-files.js'
import { CURRENCIES } from '../../src/lib/money.js'
import { CALENDARS } from '../../src/rails/calendars.js'
import { calendarOf, RAIL_SPECS, RAILS } from '../../src/rails/registry.js'
import { readScenarioFile } from '../../src/sim/scenario/load.js'
import { matchRule } from '../../src/sim/scenario/match.js'

/** @getivy/node-sdk 2.7.0, payout/create `rail`, in its order. */
const SDK_RAILS = [
  'SEPA_INSTANT', 'FASTER_PAYMENTS', 'SEPA', 'ELIXIR', 'EXPRESS_ELIXIR', 'SEK_ACCOUNT_TO_ACCOUNT', 'SUMCLEARING',
  'STRAKSCLEARING', 'SWIFT', 'INTERNAL', 'TARGET', 'ETH', 'ETH-SEPOLIA', 'SOL', 'SOL-DEVNET', 'MATIC', 'MATIC-AMOY',
]

describe('rails registry', () => {
  it('holds exactly the SDK rails', () => {
    expect([...RAILS]).toEqual(SDK_RAILS)
  })

  it.each([...RAILS])('%s names its currencies, destinations, a known calendar per currency and its timing', (rail) => {
    const spec = RAIL_SPECS[rail]
    expect(spec.currencies.length).toBeGreaterThan(0)
    expect(spec.destinations.length).toBeGreaterThan(0)
    expect(spec.timing).not.toBe('')
    for (const currency of spec.currencies) expect(CALENDARS).toContain(calendarOf(rail, currency))
  })

  it('every rail that can carry a payout has its own rule in the default scenario (SEPA Instant is its default)', () => {
    const scenario = readScenarioFile(join(SCENARIOS_DIR, 'default.yaml'))
    const payable = RAILS.filter((rail) => RAIL_SPECS[rail].currencies.some((c) => (CURRENCIES as readonly string[]).includes(c)))
    expect(payable).toHaveLength(12)
    for (const rail of payable) {
      const currency = RAIL_SPECS[rail].currencies.find((c) => (CURRENCIES as readonly string[]).includes(c))!
      const type = RAIL_SPECS[rail].destinations[0]!
      const rule = matchRule(scenario, { type, amount: 10, currency, payoutType: 'customer', rail, railAsked: true, payee: 'match' })
      if (rail === 'SEPA_INSTANT') expect(rule).toBeUndefined()
      else expect([(rule?.when as { rail?: string | string[] } | undefined)?.rail].flat(), rail).toContain(rail)
    }
  })
})
