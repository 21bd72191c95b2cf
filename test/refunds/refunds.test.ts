// Ivy's refund/create and refund/retrieve: the Refund shape, its timeline on the simulator
// (default, magic .13, the scenario's refunds: key), the order it moves, money and events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, T0, type Harness } from '../helpers/harness.js'
import { startReceiver } from '../helpers/receiver.js'
import { availableEur, bookings, moneyOf, useScenario } from '../orders/money.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const TOP_UP = 10_000
const iso = (ms: number) => new Date(ms).toISOString()
const at = (seconds: number) => iso(Date.parse(T0) + seconds * 1000)

/** An order of `amount` EUR created and paid (the balance grows by it). */
async function paidOrder(amount = 100, referenceId = 'shop-1') {
  const order = (await h.post('/api/service/order/create', { amount, currency: 'EUR', referenceId })).body
  return (await h.post(`/sandbox/orders/${order.id}/pay`, {})).body
}
const details = async (id: string) => (await h.post('/api/service/order/details', { id })).body
const refund = (body: Record<string, unknown>) => h.post('/api/service/refund/create', body)

describe('refund/create', () => {
  it('answers exactly the Refund (initiated), reserves the amount and puts the order in_refund', async () => {
    const order = await paidOrder()
    const res = await refund({ amount: 40, orderId: order.id })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ id: expect.any(String), amount: 40, currency: 'EUR', orderId: order.id, status: 'initiated' })
    expect(await availableEur(h)).toBe(TOP_UP + 100 - 40)
    const after = await details(order.id)
    expect(after).toMatchObject({ status: 'in_refund', refundAmount: 0 })
    expect(after.statusHistoryList.at(-1)).toEqual({ createdAt: T0, currentStatus: 'in_refund', reason: 'ORDER_REFUND_INITIATED', updatedAt: T0, previousStatus: 'paid' })
    expect(after.refunds).toEqual([{ id: res.body.id, amount: 40, createdAt: T0, referenceId: expect.stringMatching(/^RF[0-9A-F]{12}$/), status: 'pending', updatedAt: T0 }])
    expect((await h.post('/api/service/refund/retrieve', { id: res.body.id })).body).toEqual(res.body)
    // Its payer can still be paid back by a closed-loop payout.
    const payout = await h.post('/api/service/payout/create', { amount: 1, currency: 'EUR', destination: { orderId: order.id } })
    expect(payout.body).toMatchObject({ status: 'pending', destination: order.payerFinancialAddress })
  })

  it('by referenceId, with a bankStatementReference shown as the OrderRefund referenceId and on the booking', async () => {
    const order = await paidOrder()
    const { body } = await refund({ amount: 10, referenceId: 'shop-1', bankStatementReference: 'RET4711' })
    expect(body.orderId).toBe(order.id)
    await h.advance('3s')
    const after = await details(order.id)
    expect(after.refunds[0]).toMatchObject({ referenceId: 'RET4711', status: 'succeeded' })
    const debit = (await bookings(h)).find((b) => b.paymentProcessType === 'refund')
    expect(debit).toMatchObject({ bankStatementReference: 'RET4711', paymentProcessId: body.id, side: 'debit', amount: '10.00' })
    expect(debit.creditor).toEqual(order.payerFinancialAddress)
  })
})

describe('the timeline', () => {
  it('by default: pending after 1 s, succeeded 2 s later; the balance debited, the order partially_refunded', async () => {
    const order = await paidOrder()
    const created = (await refund({ amount: 40, orderId: order.id })).body
    const fired = (await h.advance('3s')).body.fired
    expect(fired).toEqual([
      { object: 'refund', id: created.id, from: 'initiated', to: 'pending', at: at(1) },
      { object: 'refund', id: created.id, from: 'pending', to: 'succeeded', at: at(3) },
    ])
    const done = (await h.post('/api/service/refund/retrieve', { id: created.id })).body
    expect(done).toEqual({ ...created, status: 'succeeded', transactionId: expect.any(String) })
    const after = await details(order.id)
    expect(after).toMatchObject({ status: 'partially_refunded', refundAmount: 40 })
    expect(after.refunds[0]).toEqual({ id: created.id, amount: 40, createdAt: T0, referenceId: expect.any(String), status: 'succeeded', updatedAt: at(3), transactionId: done.transactionId })
    expect(after.statusHistoryList.at(-1)).toMatchObject({ currentStatus: 'partially_refunded', reason: 'REFUND_CHARGE_SUCCEEDED', previousStatus: 'in_refund' })
    expect(await availableEur(h)).toBe(TOP_UP + 60)
    const debit = (await bookings(h)).find((b) => b.id === done.transactionId)
    expect(debit).toMatchObject({ side: 'debit', amount: '40.00', paymentProcessType: 'refund', balance: { before: '10100.00', after: '10060.00' } })
  })

  it('the rest refunded later makes the order refunded (ORDER_REFUNDED)', async () => {
    const order = await paidOrder()
    await refund({ amount: 40, orderId: order.id })
    await h.advance('3s')
    await refund({ amount: 60, orderId: order.id })
    await h.advance('3s')
    const after = await details(order.id)
    expect(after).toMatchObject({ status: 'refunded', refundAmount: 100 })
    expect(after.statusHistoryList.map((e: any) => e.currentStatus)).toEqual(['waiting_for_payment', 'paid', 'in_refund', 'partially_refunded', 'in_refund', 'refunded'])
    expect(after.statusHistoryList.at(-1).reason).toBe('ORDER_REFUNDED')
    expect(await availableEur(h)).toBe(TOP_UP)
    // Nothing is left to refund, and a refunded order cannot be refunded again.
    expect((await refund({ amount: 0.01, orderId: order.id })).body).toMatchObject({ statusCode: 409, param: 'orderId' })
  })

  it('an amount ending in .13 fails (magic): the reservation released, the order refund_failed, and it can be refunded again', async () => {
    const order = await paidOrder()
    const created = (await refund({ amount: 10.13, orderId: order.id })).body
    expect(await availableEur(h)).toBe(TOP_UP + 100 - 10.13)
    const fired = (await h.advance('3s')).body.fired
    expect(fired.map((f: any) => f.to)).toEqual(['pending', 'failed'])
    expect((await h.post('/api/service/refund/retrieve', { id: created.id })).body).toEqual({ ...created, status: 'failed' })
    const after = await details(order.id)
    expect(after).toMatchObject({ status: 'refund_failed', refundAmount: 0, refunds: [{ status: 'failed' }] })
    expect(after.statusHistoryList.at(-1)).toMatchObject({ currentStatus: 'refund_failed', reason: 'REFUND_UPDATED' })
    expect(await availableEur(h)).toBe(TOP_UP + 100)
    expect((await bookings(h)).filter((b) => b.paymentProcessType === 'refund')).toEqual([])
    expect((await refund({ amount: 100, orderId: order.id })).status).toBe(200)
  })

  it('two refunds in flight: the order stays in_refund until the last ends', async () => {
    const order = await paidOrder()
    await refund({ amount: 30, orderId: order.id })
    await h.advance('1s')
    await refund({ amount: 20, orderId: order.id })
    // The first succeeds at 3 s while the second (due at 4 s) is still in flight.
    await h.advance('2s')
    expect(await details(order.id)).toMatchObject({ status: 'in_refund', refundAmount: 30 })
    await h.advance('1s')
    expect(await details(order.id)).toMatchObject({ status: 'partially_refunded', refundAmount: 50 })
  })

  it('not covered by the balance: created, then failed at once [sandbox]', async () => {
    const order = await paidOrder()
    // Everything but 5 EUR leaves in a payout.
    await h.post('/api/service/payout/create', { amount: TOP_UP + 95, currency: 'EUR', destination: { orderId: order.id } })
    const created = await refund({ amount: 10, orderId: order.id })
    expect(created.status).toBe(200)
    expect(created.body.status).toBe('initiated')
    // Its failure is due at once: the next request's catch-up runs it.
    expect((await h.post('/api/service/refund/retrieve', { id: created.body.id })).body).toEqual({ ...created.body, status: 'failed' })
    expect(await details(order.id)).toMatchObject({ status: 'refund_failed' })
    expect(await availableEur(h)).toBe(5)
  })

  it("the scenario's refunds: key decides the timeline by rule", async () => {
    const status = await useScenario(
      h,
      `name: slow-refunds
seed: 3
default: { steps: [{ after: 1s, status: paid }] }
refunds:
  rules:
    - name: big-ones-bounce
      when: { amount: { min: 50 } }
      then: { steps: [{ after: 1h, status: failed }] }
  default: { steps: [{ after: 10s, status: succeeded }] }
`,
    )
    expect(status).toBe(200)
    const order = await paidOrder()
    const big = (await refund({ amount: 50, orderId: order.id })).body
    const small = (await refund({ amount: 10.13, orderId: order.id })).body
    const fired = (await h.advance('1h')).body.fired.map((f: any) => [f.id, f.to, f.at])
    // Its own rules replace the magic one: 10.13 succeeds here.
    expect(fired).toEqual([
      [small.id, 'succeeded', at(10)],
      [big.id, 'failed', at(3600)],
    ])
  })

  it.each([
    ['a timeline that does not end', '{ steps: [{ after: 1s, status: pending }] }'],
    ['a step after the end', '{ steps: [{ after: 1s, status: succeeded }, { after: 1s, status: failed }] }'],
    ['an unknown status', '{ steps: [{ after: 1s, status: returned }] }'],
  ])('a scenario with %s is refused', async (_, then) => {
    expect(await useScenario(h, `name: bad\nseed: 1\ndefault: { steps: [{ after: 1s, status: paid }] }\nrefunds:\n  default: ${then}\n`)).toBe(400)
  })
})

describe('bad input writes nothing', () => {
  it.each<[string, (orderId: string) => Record<string, unknown>, number, string]>([
    ['neither orderId nor referenceId', () => ({ amount: 1 }), 400, 'orderId'],
    ['both orderId and referenceId', (id) => ({ amount: 1, orderId: id, referenceId: 'shop-1' }), 400, 'referenceId'],
    ['more than the order total', (id) => ({ amount: 100.01, orderId: id }), 400, 'amount'],
    ['no amount', (id) => ({ orderId: id }), 400, 'amount'],
    ['a zero amount', (id) => ({ amount: 0, orderId: id }), 400, 'amount'],
    ['three decimals', (id) => ({ amount: 1.005, orderId: id }), 400, 'amount'],
    ['a bankStatementReference of 17 characters', (id) => ({ amount: 1, orderId: id, bankStatementReference: 'A'.repeat(17) }), 400, 'bankStatementReference'],
    ['a bankStatementReference with a space', (id) => ({ amount: 1, orderId: id, bankStatementReference: 'REF 1' }), 400, 'bankStatementReference'],
    ['an unknown orderId', () => ({ amount: 1, orderId: 'nope' }), 404, 'orderId'],
    ['an unknown referenceId', () => ({ amount: 1, referenceId: 'nope' }), 404, 'referenceId'],
  ])('%s', async (_, body, status, param) => {
    const order = await paidOrder()
    const before = await moneyOf(h)
    const res = await refund(body(order.id))
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ statusCode: status, param, message: expect.any(String), code: expect.any(String), category: expect.any(String) })
    expect(h.rt.db.sqlite.prepare('select count(*) n from refunds').get()).toEqual({ n: 0 })
    expect(await moneyOf(h)).toEqual(before)
    expect((await details(order.id)).status).toBe('paid')
  })

  it('more than is left (total less refunded and in flight) is a 400 on amount', async () => {
    const order = await paidOrder()
    await refund({ amount: 60, orderId: order.id })
    const before = await moneyOf(h)
    expect((await refund({ amount: 40.01, orderId: order.id })).body).toMatchObject({ statusCode: 400, param: 'amount' })
    expect(await moneyOf(h)).toEqual(before)
    expect((await refund({ amount: 40, orderId: order.id })).status).toBe(200)
  })

  it.each(['waiting_for_payment', 'canceled'])('a %s order is a 409 on orderId (or referenceId)', async (status) => {
    const order = (await h.post('/sandbox/orders', { amount: 10, currency: 'EUR', status, referenceId: 'unpaid' })).body
    const before = await moneyOf(h)
    expect((await refund({ amount: 1, orderId: order.id })).body).toMatchObject({ statusCode: 409, param: 'orderId' })
    expect((await refund({ amount: 1, referenceId: 'unpaid' })).body).toMatchObject({ statusCode: 409, param: 'referenceId' })
    expect(await moneyOf(h)).toEqual(before)
    expect((await details(order.id)).status).toBe(status)
  })

  it("another merchant's order and refund are not found", async () => {
    const other = h.newMerchant()
    const theirs = (await h.post('/sandbox/orders', { amount: 10, currency: 'EUR', referenceId: 'theirs' }, { key: other.key })).body
    const theirRefund = (await h.post('/api/service/refund/create', { amount: 1, orderId: theirs.id }, { key: other.key })).body
    expect((await refund({ amount: 1, orderId: theirs.id })).body).toMatchObject({ statusCode: 404, param: 'orderId' })
    expect((await refund({ amount: 1, referenceId: 'theirs' })).body).toMatchObject({ statusCode: 404, param: 'referenceId' })
    expect((await h.post('/api/service/refund/retrieve', { id: theirRefund.id })).body).toMatchObject({ statusCode: 404, param: 'id' })
    expect((await h.post('/api/service/refund/retrieve', { id: 'nope' })).body).toMatchObject({ statusCode: 404, param: 'id' })
  })
})

describe('the ledger', () => {
  it('after payments, refunds that succeed, fail and are in flight: the bookings chain, and booked less what is reserved is available', async () => {
    const first = await paidOrder(100, 'a')
    const second = await paidOrder(30, 'b')
    await refund({ amount: 25, orderId: first.id })
    await refund({ amount: 0.13, orderId: second.id })
    await h.advance('3s')
    await refund({ amount: 5, orderId: second.id })
    await h.post('/api/service/payout/create', { amount: 7, currency: 'EUR', destination: { orderId: first.id } })
    const data = (await bookings(h)).filter((b) => b.currency === 'EUR')
    data.slice(1).forEach((b, i) => expect(b.balance.before).toBe(data[i].balance.after))
    const booked = Number(data.at(-1).balance.after)
    const db = h.rt.db.sqlite
    const reserved = (db.prepare("select coalesce(sum(reserved), 0) n from refunds where status in ('initiated', 'pending')").get() as any).n + (db.prepare("select coalesce(sum(reserved), 0) n from payouts where status in ('pending', 'in_transit')").get() as any).n
    expect(db.prepare("select coalesce(sum(reserved), 0) n from refunds where status in ('succeeded', 'failed')").get()).toEqual({ n: 0 })
    expect(reserved).toBe(1200)
    expect(await availableEur(h)).toBeCloseTo(booked - reserved / 100, 2)
    expect(booked).toBeCloseTo(TOP_UP + 130 - 25, 2)
  })
})

describe('events', () => {
  it('refund.initiated, then refund.succeeded with the legacy refund_succeeded, carrying the Refund; order_updated along', async () => {
    const receiver = await startReceiver()
    try {
      const order = await paidOrder()
      await h.post('/api/service/webhook-subscription/create', { url: receiver.url, events: ['refund.initiated', 'refund.succeeded', 'refund_succeeded', 'refund.failed', 'refund_failed', 'order_updated'] })
      const created = (await refund({ amount: 40, orderId: order.id })).body
      await h.advance('3s')
      const got = await receiver.waitFor(5, 5000)
      const types = got.map((d) => d.json.type)
      expect(types.filter((t) => t.startsWith('refund'))).toEqual(['refund.initiated', 'refund.succeeded', 'refund_succeeded'])
      expect(types.filter((t) => t === 'order_updated')).toHaveLength(2)
      const succeeded = got.find((d) => d.json.type === 'refund.succeeded')!
      expect(succeeded.json.payload).toEqual({ ...created, status: 'succeeded', transactionId: expect.any(String) })
      expect(receiver.signedWith(succeeded, h.merchant.secret)).toBe(true)
      expect(got.filter((d) => d.json.type === 'order_updated').map((d) => d.json.payload.status)).toEqual(['in_refund', 'partially_refunded'])
    } finally {
      await receiver.close()
    }
  })

  it('a failed refund sends refund.failed and refund_failed', async () => {
    const receiver = await startReceiver()
    try {
      const order = await paidOrder()
      await h.post('/api/service/webhook-subscription/create', { url: receiver.url, events: ['refund.failed', 'refund_failed'] })
      await refund({ amount: 0.13, orderId: order.id })
      await h.advance('3s')
      expect((await receiver.waitFor(2, 5000)).map((d) => [d.json.type, d.json.payload.status])).toEqual([
        ['refund.failed', 'failed'],
        ['refund_failed', 'failed'],
      ])
    } finally {
      await receiver.close()
    }
  })
})

describe('snapshots', () => {
  it('a refund in flight, its reservation and its steps survive a restore', async () => {
    const order = await paidOrder()
    const created = (await refund({ amount: 40, orderId: order.id })).body
    const before = await moneyOf(h)
    expect((await h.post('/sandbox/snapshots', { name: 'in-flight' })).status).toBe(200)
    await h.advance('3s')
    expect((await h.post('/sandbox/snapshots/in-flight/restore')).status).toBe(200)
    expect((await h.post('/api/service/refund/retrieve', { id: created.id })).body).toEqual(created)
    expect(await moneyOf(h)).toEqual(before)
    expect((await details(order.id)).status).toBe('in_refund')
    await h.advance('3s')
    expect(await details(order.id)).toMatchObject({ status: 'partially_refunded', refundAmount: 40 })
  })
})
