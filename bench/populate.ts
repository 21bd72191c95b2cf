// Worker: makes one merchant per count in `counts` (BENCH_MERCHANT, frozen, unless `merchant`
// says otherwise) and gives each that many payouts through `createPayout` (PAYOUT_BODY, or
// with `mixedRails` every payable rail in turn), 1,000 to a
// transaction (one transaction per payout would time fsyncs rather than the service, and this
// is set-up, not a measurement).
import { contextOf } from '../src/engine/context.js'
import type { CreateMerchantBody } from '../src/merchants/schemas.js'
import { createMerchant } from '../src/merchants/service.js'
import { createPayout } from '../src/payouts/service.js'
import { createRuntime } from '../src/runtime.js'
import { childArgs, report } from './child.js'
import type { PopulateResult } from './fixture.js'
import { BENCH_MERCHANT, PAYOUT_BODY, RAIL_PAYOUT_BODIES } from './workload.js'

const BATCH = 1_000

const { db, counts, merchant: body = BENCH_MERCHANT, mixedRails = false } = childArgs<{ db: string; counts: number[]; merchant?: CreateMerchantBody; mixedRails?: boolean }>()
const bodies = mixedRails ? RAIL_PAYOUT_BODIES : [PAYOUT_BODY]
const rt = await createRuntime({ db })
const started = performance.now()
const merchants = counts.map((count) => {
  const merchant = createMerchant(rt, body)
  const ctx = contextOf(rt, merchant)
  for (let done = 0; done < count; done += BATCH) {
    rt.db.tx(() => {
      for (let i = done; i < Math.min(count, done + BATCH); i++) createPayout(rt, ctx, bodies[i % bodies.length]!)
    })
  }
  return { id: merchant.id, apiKey: merchant.api_key, payouts: count }
})
const ms = performance.now() - started
await rt.close()
report({ merchants, ms } satisfies PopulateResult)
