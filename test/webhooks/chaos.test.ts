// Webhook chaos from the scenario file, drawn from its seed: some events sent twice (same event
// id), some held back so the next event overtakes them, some first attempts failed on purpose
// and retried 30 s later. Off by default; scenarios/webhook-chaos.yaml turns it on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RETRY_DELAYS_S } from '../../src/webhooks/events.js'
import { harness, openLoop, T0, type Harness } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'

const PAYOUTS = 30

interface Attempt {
  id: number
  deliveryId: number
  eventId: string
  eventType: string
  payoutId: string
  attempt: number
  at: string
  delivered: boolean
  error: string | null
}

let open: Array<Harness | Receiver>
beforeEach(() => {
  open = []
})
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()))
})

/** 30 payouts created at the same sandbox moment, then a day of clock: what arrived and every attempt. */
async function run(merchant: { scenario: string; seed?: number }) {
  const h = await harness({ merchant })
  const receiver = await startReceiver()
  open.push(h, receiver)
  await h.post('/api/service/webhook-subscription/create', { url: receiver.url })
  const seq = new Map<string, number>()
  for (let i = 1; i <= PAYOUTS; i++) seq.set((await h.post('/api/service/payout/create', openLoop(i))).body.id, i)
  await h.advance('1d')

  const attempts: Attempt[] = []
  for (let skip = 0; skip < 1_000; skip += 100) {
    const { body } = await h.get(`/sandbox/webhooks/deliveries?limit=100&skip=${skip}`)
    attempts.push(...body.items)
    if (!body.hasNext) break
  }
  attempts.sort((a, b) => a.id - b.id)
  const { body: events } = await h.get('/sandbox/webhooks/events?limit=100')
  const arrivals = receiver.deliveries.map((d) => ({ seq: seq.get(d.json.payload.id)!, type: d.json.type as string, eventId: d.json.id as string, signed: receiver.signedWith(d, h.merchant.secret) }))
  return { h, arrivals, attempts, events: events.items as Array<{ id: string; deliveries: Array<{ state: string }> }>, seq }
}

type Run = Awaited<ReturnType<typeof run>>

function chaosOf({ arrivals, attempts }: Run) {
  const timesById = new Map<string, number>()
  for (const a of arrivals) timesById.set(a.eventId, (timesById.get(a.eventId) ?? 0) + 1)
  const duplicated = [...timesById].filter(([, n]) => n > 1).map(([id]) => id)
  // Overtaken: the payout's paid (or failed) event arrived before its initiated event.
  const reordered = [...new Set(arrivals.map((a) => a.seq))].filter((seq) => arrivals.find((a) => a.seq === seq)!.type !== 'payout.initiated')
  const failedOnPurpose = attempts.filter((a) => a.error?.startsWith('chaos:'))
  return { duplicated, reordered, failedOnPurpose, timesById }
}

/** What a run looked like, without its random ids: (payout seq, event type, attempt outcome) in order. */
function pattern(r: Run) {
  return {
    arrivals: r.arrivals.map((a) => `${a.seq} ${a.type}`),
    attempts: r.attempts.map((a) => `${r.seq.get(a.payoutId)} ${a.eventType} #${a.attempt} ${a.at} ${a.delivered ? 'delivered' : a.error}`),
  }
}

describe('webhook chaos', () => {
  it('webhook-chaos sends some events twice, some out of order, fails some first attempts, and still delivers every event', async () => {
    const r = await run({ scenario: 'webhook-chaos' })
    const { duplicated, reordered, failedOnPurpose, timesById } = chaosOf(r)

    // Sent twice: the same event, same id, as two deliveries.
    expect(duplicated.length).toBeGreaterThan(0)
    for (const id of duplicated) {
      expect(timesById.get(id)).toBe(2)
      expect(r.events.find((e) => e.id === id)!.deliveries).toHaveLength(2)
    }
    // Out of order: a payout's paid event before its initiated event; some of them because the
    // initiated event was held back (its first attempt, a success, came after the paid one).
    expect(reordered.length).toBeGreaterThan(0)
    const heldBack = reordered.filter((seq) => {
      const ofPayout = r.attempts.filter((a) => r.seq.get(a.payoutId) === seq)
      const initiated = ofPayout.find((a) => a.eventType === 'payout.initiated' && a.attempt === 1)!
      const paid = ofPayout.find((a) => a.eventType === 'payout.paid' && a.delivered)!
      return initiated.delivered && initiated.at > T0 && paid.id < initiated.id
    })
    expect(heldBack.length).toBeGreaterThan(0)
    // Failed on purpose: recorded with the chaos error, never sent, retried 30 s later and delivered.
    expect(failedOnPurpose.length).toBeGreaterThan(0)
    for (const failed of failedOnPurpose) {
      expect(failed).toMatchObject({ attempt: 1, delivered: false, error: expect.stringContaining('failFirstAttempt') })
      const retry = r.attempts.find((a) => a.deliveryId === failed.deliveryId && a.attempt === 2)!
      expect(retry.delivered).toBe(true)
      expect(Date.parse(retry.at) - Date.parse(failed.at)).toBe(RETRY_DELAYS_S[0]! * 1000)
    }
    expect(r.attempts.filter((a) => !a.delivered)).toEqual(failedOnPurpose)
    // A failed-on-purpose attempt never reaches the receiver: every request it got was answered 200.
    expect(r.arrivals).toHaveLength(r.attempts.filter((a) => a.delivered).length)

    // No event lost: an initiated and a paid event for each payout, every delivery delivered.
    expect(new Set(r.arrivals.map((a) => `${a.seq} ${a.type}`)).size).toBe(2 * PAYOUTS)
    expect(timesById.size).toBe(2 * PAYOUTS)
    expect(r.events.flatMap((e) => e.deliveries.map((d) => d.state)).every((s) => s === 'delivered')).toBe(true)
    expect(r.arrivals.every((a) => a.signed)).toBe(true)
  })

  it('the same seed gives the same chaos; another seed gives other chaos', async () => {
    const a = pattern(await run({ scenario: 'webhook-chaos' }))
    const b = pattern(await run({ scenario: 'webhook-chaos' }))
    expect(b).toEqual(a)
    const other = pattern(await run({ scenario: 'webhook-chaos', seed: 7 }))
    expect(other.arrivals).not.toEqual(a.arrivals)
  })

  it('with the default scenario there is none: each event once, in order, first attempts delivered', async () => {
    const r = await run({ scenario: 'default' })
    const { duplicated, reordered, failedOnPurpose } = chaosOf(r)
    expect({ duplicated, reordered, failedOnPurpose }).toEqual({ duplicated: [], reordered: [], failedOnPurpose: [] })
    expect(r.arrivals).toHaveLength(2 * PAYOUTS)
    expect(r.attempts.every((a) => a.attempt === 1 && a.delivered)).toBe(true)
    expect(r.arrivals.filter((a) => a.type === 'payout.initiated').map((a) => a.seq)).toEqual(Array.from({ length: PAYOUTS }, (_, i) => i + 1))
  })
})
