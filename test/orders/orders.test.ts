// Ivy's order/create, order/details and order/expire, the simulated payer, expiry and the
// scenario's `orders:` outcomes: shapes field by field, the state machine, money, events.
import { isValidIBAN } from 'ibantools'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, IBAN, T0, type Harness } from '../helpers/harness.js'
import { startReceiver } from '../helpers/receiver.js'
import { availableEur, bookings, moneyOf, useScenario } from './money.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const T0_S = Date.parse(T0) / 1000
/** What the harness merchant starts with in EUR. */
const TOP_UP = 10_000
const payments = async (h: Harness) => (await bookings(h)).filter((b) => b.paymentProcessType === 'payment')
const iso = (ms: number) => new Date(ms).toISOString()

const create = (body: Record<string, unknown> = {}) => h.post('/api/service/order/create', { amount: 25.5, currency: 'EUR', referenceId: 'shop-1', ...body })

describe('order/create', () => {
  it('answers the full Order, waiting_for_payment, with where the payer must pay', async () => {
    const res = await create({ customer: { id: 'cus-1', email: 'jane@example.com', phone: '+491631234567' } })
    expect(res.status).toBe(200)
    const order = res.body
    const reference = order.destination.bankStatementReference
    expect(reference).toMatch(/^IVY[0-9A-F]{10}$/)
    expect(order).toEqual({
      id: expect.any(String),
      appId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      applicationFeeAmount: 0,
      createdAt: T0,
      instantPaymentScheme: false,
      merchantAppId: order.appId,
      merchantId: h.merchant.id,
      price: { currency: 'EUR', total: 25.5 },
      referenceId: 'shop-1',
      shopName: expect.any(String),
      status: 'waiting_for_payment',
      updatedAt: T0,
      customerId: 'cus-1',
      destination: {
        bankAccount: { type: 'iban', iban: { iban: expect.any(String), accountHolderName: order.shopName }, paymentReference: reference },
        bankStatementReference: reference,
      },
      refundAmount: 0,
      refunds: [],
      statusHistoryList: [{ createdAt: T0, currentStatus: 'waiting_for_payment', reason: 'ORDER_CREATED', updatedAt: T0, previousStatus: null }],
    })
    expect(isValidIBAN(order.destination.bankAccount.iban.iban)).toBe(true)
    const merchant = (await h.get('/sandbox/merchant')).body
    expect(order.shopName).toBe(merchant.name)
  })

  it.each([
    ['GBP', 'sort_code'],
    ['USD', 'aba'],
    ['PLN', 'iban'],
    ['SEK', 'iban'],
    ['DKK', 'iban'],
  ])('takes %s: the destination is the merchant account of that currency (%s)', async (currency, type) => {
    const { body } = await create({ currency, amount: 10 })
    expect(body.price).toEqual({ currency, total: 10 })
    expect(body.destination.bankAccount.type).toBe(type)
    if (type === 'iban') expect(isValidIBAN(body.destination.bankAccount.iban.iban)).toBe(true)
  })

  it('order/details adds merchantFinancialAddress; it finds the order by id and by referenceId', async () => {
    const created = (await create()).body
    const byId = await h.post('/api/service/order/details', { id: created.id })
    expect(byId.body).toEqual({ ...created, merchantFinancialAddress: created.destination.bankAccount })
    expect((await h.post('/api/service/order/details', { id: 'shop-1' })).body).toEqual(byId.body)
  })

  it('echoes a subaccount with its legal name', async () => {
    const sub = (await h.post('/api/service/subaccount/create', { legalName: 'Books GmbH', mcc: '5942' })).body
    const { body } = await create({ subaccountId: sub.id })
    expect(body).toMatchObject({ subaccountId: sub.id, subaccountLegalName: 'Books GmbH' })
  })

  it('credits nothing until paid', async () => {
    await create()
    expect(await availableEur(h)).toBe(TOP_UP)
    expect(await payments(h)).toEqual([])
  })
})

describe('Idempotency-Key', () => {
  it('order/create, order/expire, refund/create and subaccount/create replay the first answer for the same key and body', async () => {
    const headers = (key: string) => ({ headers: { 'Idempotency-Key': key } })
    const body = { amount: 10, currency: 'EUR', referenceId: 'idem-1' }
    const first = await h.post('/api/service/order/create', body, headers('k-order'))
    const again = await h.post('/api/service/order/create', body, headers('k-order'))
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect((await h.post('/api/service/order/expire', { id: first.body.id }, headers('k-expire'))).body.status).toBe('canceled')
    expect((await h.post('/api/service/order/expire', { id: first.body.id }, headers('k-expire'))).status).toBe(200)
    const paid = (await h.post('/sandbox/orders', { amount: 10, currency: 'EUR' })).body
    const r1 = await h.post('/api/service/refund/create', { amount: 1, orderId: paid.id }, headers('k-refund'))
    expect((await h.post('/api/service/refund/create', { amount: 1, orderId: paid.id }, headers('k-refund'))).body).toEqual(r1.body)
    const s1 = await h.post('/api/service/subaccount/create', { legalName: 'A', mcc: '1234' }, headers('k-sub'))
    expect((await h.post('/api/service/subaccount/create', { legalName: 'A', mcc: '1234' }, headers('k-sub'))).body).toEqual(s1.body)
    const db = h.rt.db.sqlite
    expect([db.prepare('select count(*) n from orders').get(), db.prepare('select count(*) n from refunds').get(), db.prepare('select count(*) n from subaccounts').get()]).toEqual([{ n: 2 }, { n: 1 }, { n: 1 }])
  })
})

describe('bad input writes nothing', () => {
  it.each<[string, Record<string, unknown>, number, string]>([
    ['no referenceId', { referenceId: undefined }, 400, 'referenceId'],
    ['an empty referenceId', { referenceId: '' }, 400, 'referenceId'],
    ['USDC', { currency: 'USDC' }, 400, 'currency'],
    ['three decimals', { amount: 1.005 }, 400, 'amount'],
    ['no amount', { amount: undefined }, 400, 'amount'],
    ['expiresAt as a number', { expiresAt: T0_S + 60 }, 400, 'expiresAt'],
    ['expiresAt not digits', { expiresAt: 'tomorrow' }, 400, 'expiresAt'],
    ['expiresAt in the past', { expiresAt: String(T0_S - 1) }, 400, 'expiresAt'],
    ['expiresAt now', { expiresAt: String(T0_S) }, 400, 'expiresAt'],
    ['an unknown subaccount', { subaccountId: 'nope' }, 404, 'subaccountId'],
    ['a bad customer email', { customer: { email: 'not-an-email' } }, 400, 'customer.email'],
    ['a bad customer phone', { customer: { phone: '0163 123' } }, 400, 'customer.phone'],
  ])('%s', async (_, body, status, param) => {
    const before = await moneyOf(h)
    const res = await create(body)
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ statusCode: status, param, message: expect.any(String), code: expect.any(String), category: expect.any(String) })
    expect(h.rt.db.sqlite.prepare('select count(*) n from orders').get()).toEqual({ n: 0 })
    expect(await moneyOf(h)).toEqual(before)
  })

  it("another merchant's subaccount is a 404 on subaccountId", async () => {
    const other = h.newMerchant()
    const sub = (await h.post('/api/service/subaccount/create', { legalName: 'Theirs Ltd', mcc: '5942' }, { key: other.key })).body
    expect((await create({ subaccountId: sub.id })).body).toMatchObject({ statusCode: 404, param: 'subaccountId' })
  })

  it('a referenceId already used by the merchant is a 409 on referenceId; another merchant may use it', async () => {
    const first = (await create()).body
    const again = await create({ amount: 99 })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ statusCode: 409, param: 'referenceId' })
    expect((await h.post('/api/service/order/details', { id: 'shop-1' })).body.id).toBe(first.id)
    expect((await create({}).then(() => h.post('/api/service/order/create', { amount: 1, currency: 'EUR', referenceId: 'shop-1' }, { key: h.newMerchant().key }))).status).toBe(200)
  })

  it("unknown and other merchants' orders are 404 on id for details, expire and pay", async () => {
    const theirs = (await h.post('/api/service/order/create', { amount: 1, currency: 'EUR', referenceId: 'theirs' }, { key: h.newMerchant().key })).body
    for (const id of ['nope', theirs.id, 'theirs']) {
      expect((await h.post('/api/service/order/details', { id })).body).toMatchObject({ statusCode: 404, param: 'id' })
      expect((await h.post('/api/service/order/expire', { id })).body).toMatchObject({ statusCode: 404, param: 'id' })
      expect((await h.post(`/sandbox/orders/${id}/pay`, {})).body).toMatchObject({ statusCode: 404, param: 'id' })
    }
  })
})

describe('the payer', () => {
  it('POST /sandbox/orders/{id}/pay pays it: paid, the payer shown, the balance credited by one booking', async () => {
    const order = (await create()).body
    const payer = { type: 'iban', iban: { iban: IBAN.FR, accountHolderName: 'Marie Curie' } }
    await h.advance('10s')
    const paid = await h.post(`/sandbox/orders/${order.id}/pay`, { payerFinancialAddress: payer })
    expect(paid.status).toBe(200)
    const at = iso(Date.parse(T0) + 10_000)
    expect(paid.body).toMatchObject({ status: 'paid', payerFinancialAddress: payer, updatedAt: at, transactionId: expect.any(String) })
    expect(paid.body.statusHistoryList).toEqual([
      { createdAt: T0, currentStatus: 'waiting_for_payment', reason: 'ORDER_CREATED', updatedAt: T0, previousStatus: null },
      { createdAt: at, currentStatus: 'paid', reason: 'PAYMENT_SUCCEEDED', updatedAt: at, previousStatus: 'waiting_for_payment' },
    ])
    expect(await availableEur(h)).toBe(TOP_UP + 25.5)
    const [booking] = await payments(h)
    expect(booking).toMatchObject({ id: paid.body.transactionId, amount: '25.50', side: 'credit', paymentProcessType: 'payment', paymentProcessId: order.id, balance: { before: '10000.00', after: '10025.50' } })
    expect(booking.bankStatementReference).toBe(order.destination.bankStatementReference)
    expect((await h.post('/api/service/order/details', { id: order.id })).body).toMatchObject({ status: 'paid', payerFinancialAddress: payer })
  })

  it('invents the payer when none is given (a valid account of the currency), by referenceId too', async () => {
    await create({ currency: 'GBP' })
    const { body } = await h.post('/sandbox/orders/shop-1/pay', {})
    expect(body.payerFinancialAddress.type).toBe('sort_code')
    expect(body.payerFinancialAddress.sortCode.sortCode).toMatch(/^\d{6}$/)
  })

  it('paying a paid, canceled or expired order is a 409 on id and moves no money', async () => {
    const paid = (await create()).body
    await h.post(`/sandbox/orders/${paid.id}/pay`, {})
    const canceled = (await create({ referenceId: 'shop-2' })).body
    await h.post('/api/service/order/expire', { id: canceled.id })
    const before = await moneyOf(h)
    for (const id of [paid.id, canceled.id]) {
      const res = await h.post(`/sandbox/orders/${id}/pay`, {})
      expect(res.status).toBe(409)
      expect(res.body).toMatchObject({ statusCode: 409, param: 'id' })
    }
    expect(await moneyOf(h)).toEqual(before)
  })

  it('a closed-loop payout pays the payer of an order paid this way', async () => {
    const order = (await create()).body
    const paid = (await h.post(`/sandbox/orders/${order.id}/pay`, {})).body
    const payout = await h.post('/api/service/payout/create', { amount: 5, currency: 'EUR', destination: { orderId: order.id } })
    expect(payout.body).toMatchObject({ status: 'pending', destination: paid.payerFinancialAddress })
  })
})

describe('order/expire and expiry', () => {
  it('order/expire cancels a waiting order (ORDER_EXPIRED_BY_MERCHANT); its expiry no longer fires', async () => {
    const order = (await create()).body
    const res = await h.post('/api/service/order/expire', { id: 'shop-1' })
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('canceled')
    expect(res.body.merchantFinancialAddress).toBeUndefined()
    expect(res.body.statusHistoryList.at(-1)).toEqual({ createdAt: T0, currentStatus: 'canceled', reason: 'ORDER_EXPIRED_BY_MERCHANT', updatedAt: T0, previousStatus: 'waiting_for_payment' })
    const advanced = await h.advance('2h')
    expect(advanced.body.fired).toEqual([])
    expect((await h.post('/api/service/order/details', { id: order.id })).body.statusHistoryList).toHaveLength(2)
  })

  it.each(['paid', 'refunded', 'canceled'])('expiring a %s order is a 409 on id and changes nothing', async (status) => {
    const order = (await h.post('/sandbox/orders', { amount: 10, currency: 'EUR', status })).body
    const before = await moneyOf(h)
    const res = await h.post('/api/service/order/expire', { id: order.id })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ statusCode: 409, param: 'id' })
    expect((await h.post('/api/service/order/details', { id: order.id })).body.status).toBe(status)
    expect(await moneyOf(h)).toEqual(before)
  })

  it('an order unpaid after an hour (the default) ends canceled (ORDER_CANCELED)', async () => {
    const order = (await create()).body
    expect((await h.advance('59m')).body.fired).toEqual([])
    const fired = (await h.advance('1m')).body.fired
    expect(fired).toEqual([{ object: 'order', id: order.id, from: 'waiting_for_payment', to: 'canceled', at: iso(Date.parse(T0) + 3_600_000) }])
    const after = (await h.post('/api/service/order/details', { id: order.id })).body
    expect(after.statusHistoryList.at(-1)).toMatchObject({ currentStatus: 'canceled', reason: 'ORDER_CANCELED', previousStatus: 'waiting_for_payment' })
    expect((await h.post(`/sandbox/orders/${order.id}/pay`, {})).status).toBe(409)
  })

  it('expiresAt (Unix seconds as text) sets when it expires; a paid order never expires', async () => {
    const soon = (await create({ expiresAt: String(T0_S + 30) })).body
    const paid = (await create({ referenceId: 'shop-2', expiresAt: String(T0_S + 30) })).body
    await h.post(`/sandbox/orders/${paid.id}/pay`, {})
    const fired = (await h.advance('30s')).body.fired
    expect(fired.map((f: any) => [f.id, f.to])).toEqual([[soon.id, 'canceled']])
    expect((await h.post('/api/service/order/details', { id: paid.id })).body.status).toBe('paid')
  })
})

describe('the scenario\'s orders: key', () => {
  const SCENARIO = `name: payers
seed: 7
default: { steps: [{ after: 1s, status: paid }] }
orders:
  rules:
    - name: pays
      when: { referenceId: { pattern: "^pay-" } }
      then: { after: 5s, outcome: paid }
    - name: declined
      when: { amount: 13.13 }
      then: { after: 2s, outcome: failed, classification: { primary: payment_authorisation_failed, secondary: insufficient_funds } }
    - name: fails-plainly
      when: { currency: GBP }
      then: { after: 2s, outcome: failed }
    - name: walks-away
      when: { amount: { min: 500 } }
      then: { after: { uniform: { min: 1m, max: 2m } }, outcome: abandoned }
`
  beforeEach(async () => {
    expect(await useScenario(h, SCENARIO)).toBe(200)
  })

  it('pays by rule after its delay, crediting the balance', async () => {
    const order = (await create({ referenceId: 'pay-1' })).body
    expect((await h.advance('4s')).body.fired).toEqual([])
    expect((await h.advance('1s')).body.fired).toEqual([{ object: 'order', id: order.id, from: 'waiting_for_payment', to: 'paid', at: iso(Date.parse(T0) + 5000) }])
    const paid = (await h.post('/api/service/order/details', { id: order.id })).body
    expect(paid.payerFinancialAddress.type).toBe('iban')
    expect(paid.statusHistoryList.at(-1).reason).toBe('PAYMENT_SUCCEEDED')
    expect(await availableEur(h)).toBe(TOP_UP + 25.5)
  })

  it('fails with the classification given, or a default one, and credits nothing', async () => {
    const declined = (await create({ amount: 13.13 })).body
    const plain = (await create({ referenceId: 'shop-2', currency: 'GBP' })).body
    await h.advance('2s')
    const a = (await h.post('/api/service/order/details', { id: declined.id })).body
    expect(a).toMatchObject({ status: 'failed', statusClassification: { primary: 'payment_authorisation_failed', secondary: 'insufficient_funds' } })
    expect(a.statusHistoryList.at(-1)).toMatchObject({ currentStatus: 'failed', reason: 'PAYMENT_FAILED' })
    expect(a.payerFinancialAddress).toBeUndefined()
    expect((await h.post('/api/service/order/details', { id: plain.id })).body.statusClassification).toEqual({ primary: 'payment_execution_failed', secondary: 'payment_rejected' })
    expect(await payments(h)).toEqual([])
    expect((await h.post('/api/service/order/expire', { id: declined.id })).status).toBe(409)
  })

  it('abandons after a seeded delay: canceled, payment_abandoned; the same draw every run', async () => {
    const order = (await create({ amount: 600 })).body
    const fired = (await h.advance('2m')).body.fired
    expect(fired).toHaveLength(1)
    const at = Date.parse(fired[0].at) - Date.parse(T0)
    expect(at).toBeGreaterThanOrEqual(60_000)
    expect(at).toBeLessThanOrEqual(120_000)
    const abandoned = (await h.post('/api/service/order/details', { id: order.id })).body
    expect(abandoned).toMatchObject({ status: 'canceled', statusClassification: { primary: 'payment_abandoned' } })
    expect(abandoned.statusHistoryList.at(-1).reason).toBe('CHECKOUT_SESSION_ABORTED')

    const again = await harness()
    try {
      await useScenario(again, SCENARIO)
      await again.post('/api/service/order/create', { amount: 600, currency: 'EUR', referenceId: 'shop-1' })
      expect((await again.advance('2m')).body.fired[0].at).toBe(fired[0].at)
    } finally {
      await again.close()
    }
  })

  it('the payer paying first makes the scenario step stale', async () => {
    const order = (await create({ amount: 13.13 })).body
    await h.post(`/sandbox/orders/${order.id}/pay`, {})
    expect((await h.advance('1h')).body.fired).toEqual([])
    expect((await h.post('/api/service/order/details', { id: order.id })).body.status).toBe('paid')
  })

  it('an order no rule matches waits for its payer', async () => {
    await create({ amount: 20 })
    expect((await h.advance('59m')).body.fired).toEqual([])
  })

  it.each([
    ['an unknown outcome', '{ after: 1s, outcome: shipped }'],
    ['a classification on a paid outcome', '{ after: 1s, outcome: paid, classification: { primary: payment_abandoned } }'],
    ['a business-day delay', '{ after: { businessDays: 1 }, outcome: paid }'],
  ])('a scenario with %s is refused', async (_, then) => {
    const status = await useScenario(h, `name: bad\nseed: 1\ndefault: { steps: [{ after: 1s, status: paid }] }\norders:\n  rules: [{ name: r, when: { currency: EUR }, then: ${then} }]\n`)
    expect(status).toBe(400)
  })
})

describe('events', () => {
  it('order_created and order_updated reach a real receiver, carrying the Order', async () => {
    const receiver = await startReceiver()
    try {
      await h.post('/api/service/webhook-subscription/create', { url: receiver.url, events: ['order_created', 'order_updated'] })
      const order = (await create()).body
      await h.post(`/sandbox/orders/${order.id}/pay`, {})
      const [created, updated] = await receiver.waitFor(2, 5000)
      expect(created!.json).toMatchObject({ type: 'order_created', payload: { id: order.id, status: 'waiting_for_payment', referenceId: 'shop-1' } })
      expect(updated!.json).toMatchObject({ type: 'order_updated', payload: { id: order.id, status: 'paid' } })
      expect(updated!.json.payload.merchantFinancialAddress).toBeUndefined()
      expect(receiver.signedWith(updated!, h.merchant.secret)).toBe(true)
    } finally {
      await receiver.close()
    }
  })
})

describe('snapshots', () => {
  it('a fork has its own copy: a refund in flight and a waiting order move on there, not in the source', async () => {
    const waiting = (await create()).body
    const paid = (await h.post('/sandbox/orders', { amount: 50, currency: 'EUR', referenceId: 'paid-1' })).body
    await h.post('/api/service/refund/create', { amount: 20, orderId: paid.id })
    const fork = (await h.post('/sandbox/merchants', { from: h.merchant.id })).body
    const key = fork.apiKey
    const forkWaiting = (await h.post('/api/service/order/details', { id: 'shop-1' }, { key })).body
    expect(forkWaiting.id).not.toBe(waiting.id)
    expect(forkWaiting).toMatchObject({ status: 'waiting_for_payment', merchantId: fork.id })
    const forkPaid = (await h.post('/api/service/order/details', { id: 'paid-1' }, { key })).body
    expect(forkPaid).toMatchObject({ status: 'in_refund', refunds: [{ amount: 20, status: 'pending' }] })
    expect(forkPaid.refunds[0].id).not.toBe(paid.id)
    await h.advance('1h', key)
    expect((await h.post('/api/service/order/details', { id: 'shop-1' }, { key })).body.status).toBe('canceled')
    expect((await h.post('/api/service/order/details', { id: 'paid-1' }, { key })).body).toMatchObject({ status: 'partially_refunded', refundAmount: 20 })
    expect((await h.post('/api/service/order/details', { id: 'shop-1' })).body.status).toBe('waiting_for_payment')
    expect((await h.post('/api/service/order/details', { id: 'paid-1' })).body.status).toBe('in_refund')
  })

  it('an order and its pending expiry survive a restore', async () => {
    const order = (await create()).body
    expect((await h.post('/sandbox/snapshots', { name: 'waiting' })).status).toBe(200)
    await h.post(`/sandbox/orders/${order.id}/pay`, {})
    expect((await h.post('/sandbox/snapshots/waiting/restore')).status).toBe(200)
    const restored = (await h.post('/api/service/order/details', { id: order.id })).body
    expect(restored).toEqual({ ...order, merchantFinancialAddress: order.destination.bankAccount })
    expect(await availableEur(h)).toBe(TOP_UP)
    expect((await h.advance('1h')).body.fired.map((f: any) => [f.id, f.to])).toEqual([[order.id, 'canceled']])
  })
})
