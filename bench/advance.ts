// A one-minute clock advance over 100,000 pending always-paid payouts (two steps each, so
// 200,000 transitions) through the scheduler, against the same writes done raw
// (advance-floor.ts) on a copy of the same data: the sandbox must reach 25% of the floor's rate.
import { rmSync } from 'node:fs'
import type { AdvanceArgs, AdvanceReport } from './advance-worker.js'
import { runWorker } from './child.js'
import { loadFixture } from './fixture.js'
import { indent } from './load.js'
import { alternate, fmt, medianOf, table } from './stats.js'
import type { Verdict } from './verdict.js'

const ROUNDS = 3

export async function benchAdvance(): Promise<Verdict[]> {
  const fixture = await loadFixture()
  console.log(`\n## clock advance by 1m over ${fixture.big.payouts} pending payouts (always-paid: 2 steps each)`)
  const rows: string[][] = [['round', 'subject', 'transitions', 'seconds', 'transitions/s', 'start RSS MiB', 'peak RSS MiB']]
  const run = (subject: AdvanceArgs['subject']) => async (round: number) => {
    const db = fixture.copy(`advance-${subject}.db`)
    try {
      const r = await runWorker<AdvanceReport>('advance-worker.ts', { subject, db, merchantId: fixture.big.id } satisfies AdvanceArgs)
      rows.push([String(round + 1), subject, String(r.transitions), fmt(r.ms / 1000, 2), fmt(rate(r), 0), fmt(r.startRssMb, 0), fmt(r.peakRssMb, 0)])
      return r
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true })
    }
  }
  const samples = await alternate(ROUNDS, { sandbox: run('sandbox'), floor: run('floor') })
  console.log(indent(table(rows)))
  const expected = fixture.big.payouts * 2
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
      part: 'advance',
      target: 'transitions/s >= 25% of floor',
      measured: `${fmt(ratio * 100, 0)}% (${fmt(sandbox, 0)} vs ${fmt(floor, 0)}/s), peak RSS ${fmt(peak, 0)} MiB`,
      pass: ratio >= 0.25,
    },
  ]
}

function rate(r: AdvanceReport): number {
  return r.transitions / (r.ms / 1000)
}
