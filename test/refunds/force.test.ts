// The sandbox tools that decide a refund's or a return's outcome now, as POST
// /sandbox/payouts/{id}/force does for payouts: the object moves as its state machine allows,
// money and the order follow, the scenario's remaining steps are dropped, and an illegal move,
// an unknown id or another merchant's is refused, writing nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkLedger } from '../helpers/ledger.js'
import { harness, type Harness } from '../helpers/harness.js'
import { availableEur, bookings } from '../orders/money.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const TOP_UP = 10_000

async function paidOrder(amount: number) {
  const order = (await h.post('/api/service/order/create', { amount, currency: 'EUR', referenceId: `shop-${amount}` })).body
  return (await h.post(`/sandbox/orders/${order.id}/pay`, {})).body
}
const details = async (id: string) => (await h.post('/api/service/order/details', { id })).body
const steps = (id: string) => h.rt.db.sqlite.prepare('select count(*) as n from jobs where subject_id = ?').get(id) as { n: number }

describe('POST /sandbox/refunds/{id}/force', () => {
  it('succeeded: the money leaves, the order is refunded in part, and nothing of the timeline is left to run', async () => {
    const order = await paidOrder(100)
    const refund = (await h.post('/api/service/refund/create', { amount: 40, orderId: order.id })).body
    expect(steps(refund.id).n).toBeGreaterThan(0)
    const forced = await h.post(`/sandbox/refunds/${refund.id}/force`, { status: 'succeeded' })
    expect(forced.status).toBe(200)
    expect(forced.body).toEqual({ id: refund.id, amount: 40, currency: 'EUR', orderId: order.id, status: 'succeeded', transactionId: expect.any(String) })
    expect(steps(refund.id).n).toBe(0)
    expect(await details(order.id)).toMatchObject({ status: 'partially_refunded', refundAmount: 40 })
    const debit = (await bookings(h)).find((b) => b.paymentProcessType === 'refund')
    expect(debit).toMatchObject({ id: forced.body.transactionId, side: 'debit', amount: '40.00', paymentProcessId: refund.id })
    expect(await availableEur(h)).toBe(TOP_UP + 100 - 40)
    // Nothing fires later: the clock moving on changes nothing.
    expect((await h.advance('1h')).body.fired).toEqual([])
    expect(checkLedger(h.rt.db.sqlite, h.merchant.id)).toEqual([])
  })

  it('failed: the reservation comes back and the order is refund_failed', async () => {
    const order = await paidOrder(100)
    const refund = (await h.post('/api/service/refund/create', { amount: 100, orderId: order.id })).body
    expect(await availableEur(h)).toBe(TOP_UP)
    expect((await h.post(`/sandbox/refunds/${refund.id}/force`, { status: 'failed' })).body.status).toBe('failed')
    expect(await availableEur(h)).toBe(TOP_UP + 100)
    expect(await details(order.id)).toMatchObject({ status: 'refund_failed', refundAmount: 0 })
    expect(checkLedger(h.rt.db.sqlite, h.merchant.id)).toEqual([])
  })

  it('refuses a refund already ended (409 on status), a bad status (400), unknown and other merchants\' ids (404), writing nothing', async () => {
    const order = await paidOrder(100)
    const refund = (await h.post('/api/service/refund/create', { amount: 10, orderId: order.id })).body
    await h.post(`/sandbox/refunds/${refund.id}/force`, { status: 'succeeded' })
    const before = await bookings(h)
    const again = await h.post(`/sandbox/refunds/${refund.id}/force`, { status: 'failed' })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'CONFLICT', param: 'status' })
    expect((await h.post(`/sandbox/refunds/${refund.id}/force`, { status: 'pending' })).body).toMatchObject({ statusCode: 400, param: 'status' })
    expect((await h.post('/sandbox/refunds/no-such-refund/force', { status: 'succeeded' })).status).toBe(404)
    const other = h.newMerchant()
    expect((await h.post(`/sandbox/refunds/${refund.id}/force`, { status: 'failed' }, { key: other.key })).status).toBe(404)
    expect(await bookings(h)).toEqual(before)
  })
})

describe('POST /sandbox/returns/{id}/force', () => {
  async function depositAndReturn(amount: number) {
    const deposit = (await h.post('/sandbox/deposits', { amount, currency: 'EUR' })).body
    return (await h.post('/api/service/return/create', { depositId: deposit.id })).body
  }

  it('succeeded, then returned: booked out to the payer, then back in; the timeline dropped', async () => {
    const ret = await depositAndReturn(250)
    expect(await availableEur(h)).toBe(TOP_UP)
    const succeeded = await h.post(`/sandbox/returns/${ret.id}/force`, { status: 'succeeded' })
    expect(succeeded.body).toMatchObject({ id: ret.id, status: 'succeeded', transactionId: expect.any(String), succeededAt: expect.any(String) })
    expect(steps(ret.id).n).toBe(0)
    expect(await availableEur(h)).toBe(TOP_UP)
    const returned = await h.post(`/sandbox/returns/${ret.id}/force`, { status: 'returned' })
    expect(returned.body.status).toBe('returned')
    expect(await availableEur(h)).toBe(TOP_UP + 250)
    const moves = (await bookings(h)).filter((b) => b.paymentProcessType === 'deposit_return').map((b) => [b.side, b.amount])
    expect(moves).toEqual([['debit', '250.00'], ['credit', '250.00']])
    expect(checkLedger(h.rt.db.sqlite, h.merchant.id)).toEqual([])
  })

  it('failed gives the reservation back; returned before succeeded is a 409 on status; unknown ids are 404', async () => {
    const ret = await depositAndReturn(80)
    const early = await h.post(`/sandbox/returns/${ret.id}/force`, { status: 'returned' })
    expect(early.status).toBe(409)
    expect(early.body.param).toBe('status')
    expect((await h.post(`/sandbox/returns/${ret.id}/force`, { status: 'failed' })).body).toMatchObject({ status: 'failed', failedAt: expect.any(String) })
    expect(await availableEur(h)).toBe(TOP_UP + 80)
    expect((await h.post('/sandbox/returns/no-such-return/force', { status: 'failed' })).status).toBe(404)
    expect(checkLedger(h.rt.db.sqlite, h.merchant.id)).toEqual([])
  })
})
