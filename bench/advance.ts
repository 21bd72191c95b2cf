// Clock advances through the scheduler against the same writes done raw (advance-floor.ts) on a
// copy of the same data: the sandbox must reach 25% of the floor's rate.
//   advance        one minute over 100,000 pending always-paid payouts (two steps each, so
//                  200,000 transitions)
//   advance-rails  two weeks over 100,000 payouts spread over every payable rail on the
//                  default scenario (business days, cut-offs, SWIFT's tail, chain finality)
import Database from 'better-sqlite3'
import { copyFileSync, rmSync } from 'node:fs'
import type { AdvanceArgs, AdvanceReport } from './advance-worker.js'
import { runWorker } from './child.js'
import { BIG, loadFixture, scratchPath, type PopulateResult } from './fixture.js'
import { indent } from './load.js'
import { alternate, fmt, medianOf, table } from './stats.js'
import type { Verdict } from './verdict.js'
import { RAIL_PAYOUT_BODIES, RAILS_MERCHANT } from './workload.js'

const ROUNDS = 3
const TWO_WEEKS_MS = 14 * 86_400_000

export async function benchAdvance(): Promise<Verdict[]> {
  const fixture = await loadFixture()
  const title = `clock advance by 1m over ${fixture.big.payouts} pending payouts (always-paid: 2 steps each)`
  return compareAdvance({ part: 'advance', title, copy: fixture.copy, merchantId: fixture.big.id, byMs: 60_000, expected: fixture.big.payouts * 2 })
}

export async function benchRailsAdvance(): Promise<Verdict[]> {
  const template = scratchPath('rails-fixture.db')
  const { merchants } = await runWorker<PopulateResult>('populate.ts', { db: template, counts: [BIG], merchant: RAILS_MERCHANT, mixedRails: true })
  const merchant = merchants[0]!
  const db = new Database(template, { readonly: true })
  const expected = (db.prepare('SELECT count(*) AS n FROM jobs WHERE merchant_id = ?').get(merchant.id) as { n: number }).n
  db.close()
  const title = `clock advance by 2 weeks over ${merchant.payouts} payouts on ${RAIL_PAYOUT_BODIES.length} rail/currency pairs (default scenario, ${expected} steps)`
  const copy = (name: string) => {
    const path = scratchPath(name)
    copyFileSync(template, path)
    return path
  }
  return compareAdvance({ part: 'advance-rails', title, copy, merchantId: merchant.id, byMs: TWO_WEEKS_MS, expected })
}

interface AdvanceComparison {
  part: string
  title: string
  copy: (name: string) => string
  merchantId: string
  byMs: number
  expected: number
}

async function compareAdvance({ part, title, copy, merchantId, byMs, expected }: AdvanceComparison): Promise<Verdict[]> {
  console.log(`\n## ${title}`)
  const rows: string[][] = [['round', 'subject', 'transitions', 'seconds', 'transitions/s', 'start RSS MiB', 'peak RSS MiB']]
  const run = (subject: AdvanceArgs['subject']) => async (round: number) => {
    const db = copy(`${part}-${subject}.db`)
    try {
      const r = await runWorker<AdvanceReport>('advance-worker.ts', { subject, db, merchantId, byMs } satisfies AdvanceArgs)
      rows.push([String(round + 1), subject, String(r.transitions), fmt(r.ms / 1000, 2), fmt(rate(r), 0), fmt(r.startRssMb, 0), fmt(r.peakRssMb, 0)])
      return r
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true })
    }
  }
  const samples = await alternate(ROUNDS, { sandbox: run('sandbox'), floor: run('floor') })
  console.log(indent(table(rows)))
  for (const r of [...samples.sandbox, ...samples.floor]) {
    if (r.transitions !== expected) throw new Error(`an advance made ${r.transitions} transitions, expected ${expected}`)
  }
  const sandbox = medianOf(samples.sandbox, rate)
  const floor = medianOf(samples.floor, rate)
  const peak = Math.max(...samples.sandbox.map((r) => r.peakRssMb))
  const ratio = sandbox / floor
  console.log(`  sandbox/floor: ${fmt(ratio * 100, 0)}% (median ${fmt(sandbox, 0)} vs ${fmt(floor, 0)} transitions/s); sandbox peak RSS ${fmt(peak, 0)} MiB`)
  return [
    {
      part,
      target: 'transitions/s >= 25% of floor',
      measured: `${fmt(ratio * 100, 0)}% (${fmt(sandbox, 0)} vs ${fmt(floor, 0)}/s), peak RSS ${fmt(peak, 0)} MiB`,
      pass: ratio >= 0.25,
    },
  ]
}

function rate(r: AdvanceReport): number {
  return r.transitions / (r.ms / 1000)
}
