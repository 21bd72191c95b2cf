// Orders: the sandbox makes them, Ivy's order/details reads them, closed-loop payouts pay
// their payer back.
import { isValidIBAN } from 'ibantools'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inventPayer } from '../../src/orders/service.js'
import { harness, IBAN, T0, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

describe('orders', () => {
  it('POST /sandbox/orders answers the Ivy Order as order/details shows it: created, then paid by the payer given', async () => {
    const payer = { type: 'iban', iban: { iban: IBAN.FR, accountHolderName: 'Marie Curie' } }
    const res = await h.post('/sandbox/orders', { amount: 19.9, currency: 'EUR', referenceId: 'shop-42', payerFinancialAddress: payer })
    expect(res.status).toBe(200)
    const { destination } = res.body
    expect(res.body).toEqual({
      id: expect.any(String),
      appId: expect.any(String),
      applicationFeeAmount: 0,
      createdAt: T0,
      instantPaymentScheme: false,
      merchantAppId: res.body.appId,
      merchantId: h.merchant.id,
      price: { currency: 'EUR', total: 19.9 },
      referenceId: 'shop-42',
      shopName: expect.any(String),
      status: 'paid',
      updatedAt: T0,
      destination: { bankAccount: expect.objectContaining({ type: 'iban' }), bankStatementReference: expect.any(String) },
      merchantFinancialAddress: destination.bankAccount,
      payerFinancialAddress: payer,
      refundAmount: 0,
      refunds: [],
      statusHistoryList: [
        { createdAt: T0, currentStatus: 'waiting_for_payment', reason: 'ORDER_CREATED', updatedAt: T0, previousStatus: null },
        { createdAt: T0, currentStatus: 'paid', reason: 'PAYMENT_SUCCEEDED', updatedAt: T0, previousStatus: 'waiting_for_payment' },
      ],
      transactionId: expect.any(String),
    })
  })

  it.each([
    ['refunded', 20, 'ORDER_REFUNDED'],
    ['partially_refunded', 10, 'REFUND_CHARGE_SUCCEEDED'],
  ])('a %s order is paid, then refunded by a refund settled at once; the ledger shows both', async (status, refunded, reason) => {
    const order = (await h.post('/sandbox/orders', { amount: 20, currency: 'EUR', status })).body
    expect(order).toMatchObject({ status, refundAmount: refunded, refunds: [{ amount: refunded, status: 'succeeded', transactionId: expect.any(String) }] })
    expect(order.statusHistoryList.map((e: any) => e.reason)).toEqual(['ORDER_CREATED', 'PAYMENT_SUCCEEDED', 'ORDER_REFUND_INITIATED', reason])
    const refund = (await h.post('/api/service/refund/retrieve', { id: order.refunds[0].id })).body
    expect(refund).toEqual({ id: order.refunds[0].id, amount: refunded, currency: 'EUR', orderId: order.id, status: 'succeeded', transactionId: order.refunds[0].transactionId })
    const ledger = (await h.post('/api/service/transaction/list', { from: 0, to: 4102444800 })).body.data
    expect(ledger.filter((b: any) => b.paymentProcessId === order.id || b.paymentProcessId === refund.id).map((b: any) => [b.paymentProcessType, b.side, b.amount])).toEqual([
      ['payment', 'credit', '20.00'],
      ['refund', 'debit', refunded.toFixed(2)],
    ])
    expect((await h.post('/api/service/balance/retrieve', { currency: 'EUR' })).body.balances[0].available).toBe(10_000 + 20 - refunded)
  })

  it('a canceled or waiting order from the shortcut credits nothing and has no payer', async () => {
    for (const status of ['canceled', 'waiting_for_payment']) {
      const order = (await h.post('/sandbox/orders', { amount: 20, currency: 'EUR', status })).body
      expect(order.status).toBe(status)
      expect(order.payerFinancialAddress).toBeUndefined()
    }
    expect((await h.post('/api/service/balance/retrieve', { currency: 'EUR' })).body.balances[0].available).toBe(10_000)
  })

  it('order/details finds it by id and by referenceId', async () => {
    const order = (await h.post('/sandbox/orders', { amount: 5, currency: 'GBP', referenceId: 'ref-7' })).body
    expect((await h.post('/api/service/order/details', { id: order.id })).body).toEqual(order)
    expect((await h.post('/api/service/order/details', { id: 'ref-7' })).body).toEqual(order)
  })

  it('a referenceId names one order of the merchant: a second is a 409 on referenceId; another merchant may use it', async () => {
    const first = (await h.post('/sandbox/orders', { amount: 5, currency: 'EUR', referenceId: 'ref-1' })).body
    const again = await h.post('/sandbox/orders', { amount: 6, currency: 'EUR', referenceId: 'ref-1' })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'CONFLICT', param: 'referenceId' })
    expect((await h.post('/api/service/order/details', { id: 'ref-1' })).body).toEqual(first)
    expect((await h.post('/sandbox/orders', { amount: 6, currency: 'EUR', referenceId: 'ref-1' }, { key: h.newMerchant().key })).status).toBe(200)
  })

  it('orders made at the same instant without a referenceId get distinct ones', async () => {
    const refs = new Set<string>()
    for (let i = 0; i < 5; i++) refs.add((await h.post('/sandbox/orders', { amount: 1, currency: 'EUR' })).body.referenceId)
    expect(refs.size).toBe(5)
  })

  it('an invented payer is a valid account of the currency, the same for the same order id', async () => {
    for (let i = 0; i < 20; i++) {
      const eur = inventPayer(`order-${i}`, 'EUR')
      expect(eur.type).toBe('iban')
      expect(isValidIBAN(eur.iban!.iban)).toBe(true)
      expect(eur.iban!.accountHolderName.length).toBeGreaterThan(3)
      const gbp = inventPayer(`order-${i}`, 'GBP')
      expect(gbp.sortCode!.sortCode).toMatch(/^\d{6}$/)
      expect(gbp.sortCode!.accountNumber).toMatch(/^\d{8}$/)
    }
    expect(inventPayer('same', 'EUR')).toEqual(inventPayer('same', 'EUR'))
    const made = (await h.post('/sandbox/orders', { amount: 5, currency: 'EUR' })).body
    expect(isValidIBAN(made.payerFinancialAddress.iban.iban)).toBe(true)
  })

  it('a closed-loop payout pays the payer back: its destination is the payer account, never the orderId', async () => {
    const order = (await h.post('/sandbox/orders', { amount: 30, currency: 'EUR' })).body
    const payout = await h.post('/api/service/payout/create', { amount: 12.5, currency: 'EUR', destination: { orderId: order.id } })
    expect(payout.status).toBe(200)
    expect(payout.body.destination).toEqual(order.payerFinancialAddress)
    expect(JSON.stringify(payout.body)).not.toContain(order.id)
  })

  it.each(['refunded', 'partially_refunded'])('a %s order can still be paid back', async (status) => {
    const order = (await h.post('/sandbox/orders', { amount: 30, currency: 'EUR', status })).body
    expect((await h.post('/api/service/payout/create', { amount: 1, currency: 'EUR', destination: { orderId: order.id } })).status).toBe(200)
  })

  it.each([
    [{ currency: 'EUR' }, 'amount'],
    [{ amount: 5, currency: 'eur' }, 'currency'],
    [{ amount: 5, currency: 'EUR', status: 'shipped' }, 'status'],
    [{ amount: 5, currency: 'EUR', payerFinancialAddress: { type: 'iban', iban: { iban: 'DE00', accountHolderName: 'X' } } }, 'payerFinancialAddress.iban.iban'],
  ])('POST /sandbox/orders refuses %j', async (body, param) => {
    const res = await h.post('/sandbox/orders', body)
    expect(res.status).toBe(400)
    expect(res.body.param).toBe(param)
    expect(h.rt.db.sqlite.prepare('select count(*) n from orders').get()).toEqual({ n: 0 })
  })
})
