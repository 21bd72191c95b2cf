// Webhook deliveries live in SQLite: a sandbox stopped with attempts pending (retries, first
// attempts of events not made yet, an attempt in flight) makes each of them after it starts
// again on the same file, as planned: no event lost, none sent more often than its plan.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMerchant } from '../../src/merchants/service.js'
import { createRuntime, type Runtime } from '../../src/runtime.js'
import { listen, type RunningServer } from '../../src/server.js'
import { openLoop, T0 } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'

interface Sandbox {
  rt: Runtime
  server: RunningServer
  post(path: string, body?: unknown): Promise<any>
  get(path: string): Promise<any>
  close(): Promise<void>
}

let dir: string
let file: string
let receiver: Receiver
let running: Sandbox[]
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ivy-webhooks-restart-'))
  file = join(dir, 'sandbox.db')
  receiver = await startReceiver()
  running = []
})
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close()
  await receiver.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The real runtime and server on the database file; requests as the merchant with `key`. */
async function open(key: () => string, webhookTimeoutMs = 300): Promise<Sandbox> {
  const rt = await createRuntime({ db: file, webhookTimeoutMs })
  const server = await listen(rt, { port: 0, host: '127.0.0.1' })
  let closed = false
  const request = async (path: string, init: RequestInit) => {
    const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', 'x-ivy-api-key': key() } })
    expect(res.status).toBe(200)
    return res.json()
  }
  const sandbox: Sandbox = {
    rt,
    server,
    post: (path, body = {}) => request(path, { method: 'POST', body: JSON.stringify(body) }),
    get: (path) => request(path, { method: 'GET' }),
    async close() {
      if (closed) return
      closed = true
      await server.close()
      await rt.close()
    },
  }
  running.push(sandbox)
  return sandbox
}

async function firstStart(webhookTimeoutMs?: number) {
  let key = ''
  const sandbox = await open(() => key, webhookTimeoutMs)
  const merchant = createMerchant(sandbox.rt, { clock: { mode: 'frozen', now: T0 }, scenario: 'always-paid' })
  key = merchant.api_key
  return { sandbox, key, merchantId: merchant.id, secret: merchant.webhook_secret }
}

function deliveryStates(rt: Runtime, merchantId: string) {
  return rt.db.sqlite.prepare('select state, attempts, count(*) as n from webhook_deliveries where merchant_id = ? group by state, attempts order by state, attempts').all(merchantId)
}

describe('deliveries survive a restart', () => {
  it('retries and events still to come are made after a restart, each exactly as planned', async () => {
    const first = await firstStart()
    await first.sandbox.post('/api/service/webhook-subscription/create', { url: receiver.url, events: ['payout.initiated', 'payout.paid'] })
    receiver.plan({ status: 500 }, { status: 500 }, { status: 500 })
    const payouts: string[] = []
    for (let i = 0; i < 3; i++) payouts.push((await first.sandbox.post('/api/service/payout/create', openLoop(1 + i))).id)
    // Each initiated event fails its first attempt; its retry is due at T0 + 30 s. The payouts
    // are not paid yet: their paid events do not exist.
    await first.sandbox.post('/sandbox/clock/advance', { by: '0s' })
    expect(receiver.deliveries).toHaveLength(3)
    expect(deliveryStates(first.sandbox.rt, first.merchantId)).toEqual([{ state: 'pending', attempts: 1, n: 3 }])
    await first.sandbox.close()

    const second = await open(() => first.key)
    const advanced = await second.post('/sandbox/clock/advance', { by: '1h' })
    expect(advanced.fired.filter((f: { to: string }) => f.to === 'paid')).toHaveLength(3)

    // Per payout: initiated twice (500, then the retry's 200), paid once; nothing else.
    const received = receiver.deliveries.map((d) => `${payouts.indexOf(d.json.payload.id)}:${d.json.type}`)
    expect(received.slice(0, 3)).toEqual(['0:payout.initiated', '1:payout.initiated', '2:payout.initiated'])
    expect([...received.slice(3)].sort()).toEqual(['0:payout.initiated', '0:payout.paid', '1:payout.initiated', '1:payout.paid', '2:payout.initiated', '2:payout.paid'])
    const countsById = new Map<string, number>()
    for (const d of receiver.deliveries) countsById.set(d.json.id, (countsById.get(d.json.id) ?? 0) + 1)
    expect([...countsById.values()].sort()).toEqual([1, 1, 1, 2, 2, 2])
    expect(receiver.deliveries.every((d) => receiver.signedWith(d, first.secret))).toBe(true)

    const attempts = (await second.get('/sandbox/webhooks/deliveries?limit=100')).items.reverse()
    const retries = attempts.filter((a: { eventType: string; attempt: number }) => a.eventType === 'payout.initiated' && a.attempt === 2)
    expect(retries.map((a: { at: string; delivered: boolean }) => [a.at, a.delivered])).toEqual(Array(3).fill(['2026-03-02T10:00:30.000Z', true]))
    expect(deliveryStates(second.rt, first.merchantId)).toEqual([
      { state: 'delivered', attempts: 1, n: 3 },
      { state: 'delivered', attempts: 2, n: 3 },
    ])
    // Nothing left to send, however far the clock goes.
    await second.post('/sandbox/clock/advance', { by: '3d' })
    expect(receiver.deliveries).toHaveLength(9)
  })

  it('an attempt in flight when the sandbox stops is made again after the restart and recorded once', async () => {
    const first = await firstStart(5_000)
    await first.sandbox.post('/api/service/webhook-subscription/create', { url: receiver.url, events: ['payout.initiated'] })
    // The receiver holds the first request past the stop; later ones are answered at once.
    receiver.plan({ delayMs: 3_000, status: 200 })
    await first.sandbox.post('/api/service/payout/create', openLoop(1))
    // The background sender has it on the wire; stop now.
    const [inFlight] = await receiver.waitFor(1)
    await first.sandbox.close()
    expect(first.sandbox.rt.closing.aborted).toBe(true)

    const second = await open(() => first.key)
    await second.post('/sandbox/clock/advance', { by: '0s' })
    const [, again] = await receiver.waitFor(2)
    expect(again!.raw.equals(inFlight!.raw)).toBe(true)
    const attempts = (await second.get('/sandbox/webhooks/deliveries')).items
    expect(attempts.map((a: { attempt: number; at: string; delivered: boolean }) => [a.attempt, a.at, a.delivered])).toEqual([[1, T0, true]])
    expect(deliveryStates(second.rt, first.merchantId)).toEqual([{ state: 'delivered', attempts: 1, n: 1 }])
    await second.post('/sandbox/clock/advance', { by: '3d' })
    expect(receiver.deliveries).toHaveLength(2)
  })

  it('a stop during an advance ends it at the last event fired, not at its target; the restart goes on from there', async () => {
    const first = await firstStart(5_000)
    await first.sandbox.post('/api/service/webhook-subscription/create', { url: receiver.url, events: ['payout.paid'] })
    receiver.plan({ delayMs: 1_000, status: 200 })
    const payouts: string[] = []
    for (let i = 0; i < 3; i++) payouts.push((await first.sandbox.post('/api/service/payout/create', openLoop(1 + i))).id)
    // The advance's first webhook attempt is on the wire when the sandbox stops.
    const advancing = fetch(`${first.sandbox.server.url}/sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ivy-api-key': first.key },
      body: JSON.stringify({ by: '1h' }),
    }).catch(() => 'connection closed')
    const [inFlight] = await receiver.waitFor(1)
    await first.sandbox.close()
    await advancing

    const second = await open(() => first.key)
    // The clock stands where the paid event on the wire was made, not an hour on.
    expect((await second.get('/sandbox/clock')).now).toBe(inFlight!.json.date)
    const advanced = await second.post('/sandbox/clock/advance', { by: '1h' })
    const paidNow = advanced.fired.filter((f: { to: string }) => f.to === 'paid').map((f: { payoutId: string }) => f.payoutId)
    const paidBefore = payouts.filter((id) => !paidNow.includes(id))
    expect(paidBefore).toContain(inFlight!.json.payload.id)
    // Every payout paid exactly once across the two runs, and its paid event delivered.
    const journal = second.rt.db.sqlite.prepare("select payout_id, count(*) n from journal where to_status = 'paid' group by payout_id").all()
    expect(journal).toHaveLength(3)
    expect(journal.every((row: any) => row.n === 1)).toBe(true)
    expect(new Set(receiver.deliveries.map((d) => d.json.payload.id))).toEqual(new Set(payouts))
  })
})
