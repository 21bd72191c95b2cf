// The coverage report: what a merchant's payouts, webhooks and API faults went through, against
// what its scenario can make happen. Every merchant of the sandbox can be added up ("all"): the
// report then holds only names and counts, never an id, a key or another merchant's data.
import type { MerchantRow } from '../db/schema.js'
import type { Runtime } from '../runtime.js'
import { KINDS, type CoverageInput } from './kinds.js'
import { COVERAGE_KINDS, type CoverageKind, type CoverageReport } from './report.js'
import { countMerchants, merchantScenarios, type ScenarioRef } from './repo.js'

const isUncovered = (item: { required: boolean; hits: number }) => item.required && item.hits === 0

/**
 * [sandbox] Added up, the required items are those of the scenarios of the merchants that made a
 * payout (a suite's idle merchants, the default one among them, ask nothing of it), or of every
 * merchant's when none did, so an empty run is never covered.
 */
function scenariosInScope(rt: Runtime, merchant: MerchantRow | 'all'): ScenarioRef[] {
  if (merchant !== 'all') return [merchant]
  const active = merchantScenarios(rt.db, true)
  return active.length > 0 ? active : merchantScenarios(rt.db, false)
}

/** The report for one merchant, or for every merchant added up. */
export function coverageReport(rt: Runtime, merchant: MerchantRow | 'all'): CoverageReport {
  const scenarios = scenariosInScope(rt, merchant).map((ref) => rt.scenarios.forMerchant(ref))
  const input: CoverageInput = { db: rt.db, merchantId: merchant === 'all' ? undefined : merchant.id, scenarios }
  const kinds: CoverageKind[] = COVERAGE_KINDS.map((kind) => {
    const items = KINDS[kind].items(input)
    return { kind, title: KINDS[kind].title, covered: !items.some(isUncovered), items }
  })
  const uncovered = kinds.flatMap(({ kind, items }) =>
    items.filter(isUncovered).map((item) => ({ kind, name: item.name, message: KINDS[kind].uncovered(item, input) })),
  )
  return {
    scope: merchant === 'all' ? 'all' : 'merchant',
    merchants: countMerchants(rt.db, input.merchantId),
    scenarios: [...new Set(scenarios.map((s) => s.name))],
    covered: uncovered.length === 0,
    kinds,
    uncovered,
  }
}
