// Chaos from the scenario (duplicates, reordering, failed first attempts), drawn from its seed;
// and deliveries that survive a restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/http-receiver.js'

let receivers: Receiver[] = []
let harnesses: Harness[] = []
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await Promise.all(harnesses.map((h) => h.close()))
  receivers = []
  harnesses = []
})

async function run(scenario: string) {
  const h = await harness({ merchant: { scenario } })
  harnesses.push(h)
  const receiver = await startReceiver()
  receivers.push(receiver)
  await h.post('/api/service/webhook-subscription/create', { url: receiver.url })
  const seqOf = new Map<string, number>()
  for (let i = 0; i < 30; i++) {
    const { body } = await h.post('/api/service/payout/create', openLoop(1 + i))
    seqOf.set(body.id, i + 1)
    await h.advance('200ms')
  }
  await h.advance('1d')
  const arrivals = receiver.received.map((r) => ({ seq: seqOf.get(r.body.payload.id)!, type: r.body.type, id: r.body.id }))
  const attempts = ((await h.get('/sandbox/webhooks/deliveries?limit=100')).body.items as Array<{ error: string | null; at: string; deliveryId: number; attempt: number }>).reverse()
  return { arrivals, attempts }
}

function analyse({ arrivals, attempts }: Awaited<ReturnType<typeof run>>) {
  const ids = arrivals.map((a) => a.id)
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i).length
  const reordered = [...new Set(arrivals.map((a) => a.seq))].filter((seq) => {
    const types = arrivals.filter((a) => a.seq === seq).map((a) => a.type)
    return types.indexOf('payout.paid') < types.indexOf('payout.initiated')
  }).length
  const failedFirst = attempts.filter((a) => a.error?.startsWith('chaos:'))
  return { duplicates, reordered, failedFirst }
}

describe('webhook chaos', () => {
  it('webhook-chaos.yaml duplicates, reorders and fails first attempts, then retries them', async () => {
    const result = await run('webhook-chaos')
    const { duplicates, reordered, failedFirst } = analyse(result)
    expect(duplicates).toBeGreaterThan(0)
    expect(reordered).toBeGreaterThan(0)
    expect(failedFirst.length).toBeGreaterThan(0)
    for (const failed of failedFirst) {
      const retry = result.attempts.find((a) => a.deliveryId === failed.deliveryId && a.attempt === 2)
      expect(Date.parse(retry!.at) - Date.parse(failed.at)).toBe(30_000)
    }
    // Every event still arrives: 30 initiated and 30 paid, some twice.
    expect(new Set(result.arrivals.map((a) => a.id)).size).toBe(60)
  })

  it('the same seed gives the same chaos', async () => {
    const pattern = (r: Awaited<ReturnType<typeof run>>) => ({
      arrivals: r.arrivals.map((a) => `${a.seq}:${a.type}`),
      attempts: r.attempts.map((a) => `${a.attempt}:${a.error ?? 'ok'}`),
    })
    expect(pattern(await run('webhook-chaos'))).toEqual(pattern(await run('webhook-chaos')))
  })

  it('the default scenario has none', async () => {
    const result = await run('default')
    expect(analyse(result)).toEqual({ duplicates: 0, reordered: 0, failedFirst: [] })
    expect(result.arrivals).toHaveLength(60)
  })
})

describe('deliveries survive a restart', () => {
  it('attempts pending when the sandbox stops are made after it starts again, each event delivered once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivy-webhooks-'))
    try {
      const db = join(dir, 'sandbox.db')
      const receiver = await startReceiver()
      receivers.push(receiver)
      receiver.plan({ status: 500 }, { status: 500 }, { status: 500 })
      const first = await harness({ db, merchant: { scenario: 'always-paid' } })
      const { key, id: merchantId } = first.merchant
      await first.post('/api/service/webhook-subscription/create', { url: receiver.url })
      for (let i = 0; i < 3; i++) await first.post('/api/service/payout/create', openLoop(1 + i))
      await first.advance('0s')
      expect(receiver.received).toHaveLength(3)
      await first.close()

      const second = await harness({ db })
      await second.advance('1d', key)
      const delivered = receiver.received.slice(3).map((r) => r.body.id)
      expect(delivered).toHaveLength(6)
      expect(new Set(delivered).size).toBe(6)
      const states = second.rt.db.sqlite.prepare('select state, count(*) n from webhook_deliveries where merchant_id = ? group by state').all(merchantId)
      expect(states).toEqual([{ state: 'delivered', n: 6 }])
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
