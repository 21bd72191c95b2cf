// The data the list and advance benchmarks share: one SQLite file with a merchant holding
// 100,000 pending payouts and one holding 1,000, made once per run through the payout service
// (never by writing rows by hand) and copied for every subject that changes it.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runWorker } from './child.js'

export const BIG = 100_000
export const SMALL = 1_000

export interface FixtureMerchant {
  id: string
  apiKey: string
  payouts: number
}

export interface PopulateResult {
  merchants: FixtureMerchant[]
  ms: number
}

export interface Fixture {
  big: FixtureMerchant
  small: FixtureMerchant
  /** Payouts created per second through the service while populating (for information). */
  createPerSecond: number
  /** A fresh copy of the populated database at `name` in the run's scratch folder. */
  copy(name: string): string
}

let scratch: string | undefined

/** A path in the run's scratch folder (made on first use, removed when the run ends). */
export function scratchPath(name: string): string {
  if (!scratch) {
    const dir = (scratch = mkdtempSync(join(tmpdir(), 'ivy-bench-')))
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  }
  return join(scratch, name)
}

let fixture: Promise<Fixture> | undefined

export function loadFixture(): Promise<Fixture> {
  fixture ??= (async () => {
    const template = scratchPath('fixture.db')
    const { merchants, ms } = await runWorker<PopulateResult>('populate.ts', { db: template, counts: [BIG, SMALL] })
    const [big, small] = merchants as [FixtureMerchant, FixtureMerchant]
    return {
      big,
      small,
      createPerSecond: ((BIG + SMALL) / ms) * 1000,
      copy(name) {
        const path = scratchPath(name)
        // The populating process closed the file, which folded its WAL in: the file is whole.
        copyFileSync(template, path)
        return path
      },
    }
  })()
  return fixture
}
