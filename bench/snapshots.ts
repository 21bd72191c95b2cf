// A merchant with 10,000 payouts: creating them again through the API (over HTTP, 16 requests
// in flight) against forking the merchant and restoring a snapshot of it. Target: a fork or a
// restore takes under 10% of the time of creating the payouts over HTTP. For a stricter view the
// in-process floor is printed too: createPayout called directly, 1,000 to a transaction.
import { contextOf } from '../src/engine/context.js'
import { createMerchant } from '../src/merchants/service.js'
import { createPayout } from '../src/payouts/service.js'
import { createRuntime, type Runtime } from '../src/runtime.js'
import { listen } from '../src/server.js'
import { forkFrom, restoreSnapshot, saveSnapshot } from '../src/snapshots/service.js'
import { scratchPath } from './fixture.js'
import { fmt, median } from './stats.js'
import type { Verdict } from './verdict.js'
import { BENCH_MERCHANT, PAYOUT_BODY } from './workload.js'

const PAYOUTS = 10_000
const IN_FLIGHT = 16
const ROUNDS = 5
const LIMIT = 0.1

async function timed(work: () => unknown): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/** Wall ms to create PAYOUTS payouts for a new merchant through POST /api/service/payout/create. */
async function createOverHttp(rt: Runtime): Promise<{ ms: number; merchantId: string }> {
  const merchant = createMerchant(rt, BENCH_MERCHANT)
  const server = await listen(rt, { port: 0, host: '127.0.0.1' })
  const body = JSON.stringify(PAYOUT_BODY)
  let next = 0
  const client = async () => {
    while (next < PAYOUTS) {
      next++
      const res = await fetch(`${server.url}/api/service/payout/create`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ivy-api-key': merchant.api_key }, body })
      if (res.status !== 200) throw new Error(`payout/create answered ${res.status}: ${await res.text()}`)
    }
  }
  try {
    return { ms: await timed(() => Promise.all(Array.from({ length: IN_FLIGHT }, client))), merchantId: merchant.id }
  } finally {
    await server.close()
  }
}

function createInProcess(rt: Runtime): Promise<number> {
  const merchant = createMerchant(rt, BENCH_MERCHANT)
  const ctx = contextOf(rt, merchant)
  return timed(() => {
    for (let done = 0; done < PAYOUTS; done += 1_000) {
      rt.db.tx(() => {
        for (let i = done; i < done + 1_000; i++) createPayout(rt, ctx, PAYOUT_BODY)
      })
    }
    rt.db.flush()
  })
}

export async function benchSnapshots(): Promise<Verdict[]> {
  console.log(`\n## a merchant with ${PAYOUTS.toLocaleString('en-GB')} payouts: fork and restore vs creating them again (file-backed, median of ${ROUNDS})`)
  const rt = await createRuntime({ db: scratchPath('snapshots.db') })
  try {
    const http = await createOverHttp(rt)
    const inProcess = await createInProcess(rt)
    const merchantId = http.merchantId
    const source = () => rt.db.sqlite.prepare('select * from merchants where id = ?').get(merchantId) as Parameters<typeof forkFrom>[1]
    const save = await timed(() => {
      saveSnapshot(rt, merchantId, 'bench')
      rt.db.flush()
    })
    const forks: number[] = []
    const restores: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      forks.push(
        await timed(() => {
          forkFrom(rt, source(), undefined)
          rt.db.flush()
        }),
      )
      restores.push(
        await timed(async () => {
          await restoreSnapshot(rt, merchantId, 'bench')
          rt.db.flush()
        }),
      )
    }
    const fork = median(forks)
    const restore = median(restores)
    console.log(`  create over HTTP ${fmt(http.ms, 0)} ms (${fmt((PAYOUTS / http.ms) * 1000, 0)}/s); in process, 1,000 per transaction ${fmt(inProcess, 0)} ms`)
    console.log(`  save ${fmt(save, 0)} ms; fork ${forks.map((ms) => fmt(ms, 0)).join(' ')} ms; restore ${restores.map((ms) => fmt(ms, 0)).join(' ')} ms`)
    console.log(`  fork ${fmt((fork / http.ms) * 100, 1)}% of creating over HTTP (${fmt((fork / inProcess) * 100, 1)}% of in process); restore ${fmt((restore / http.ms) * 100, 1)}% (${fmt((restore / inProcess) * 100, 1)}%)`)
    const verdict = (what: string, ms: number): Verdict => ({
      part: 'snapshots',
      target: `${what} < ${LIMIT * 100}% of creating ${PAYOUTS.toLocaleString('en-GB')} payouts over HTTP`,
      measured: `${fmt((ms / http.ms) * 100, 1)}% (${fmt(ms, 0)} of ${fmt(http.ms, 0)} ms)`,
      pass: ms < LIMIT * http.ms,
    })
    return [verdict('fork', fork), verdict('restore', restore)]
  } finally {
    await rt.close()
  }
}
