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
  it('POST /sandbox/orders answers exactly the Ivy Order object', async () => {
    const payer = { type: 'iban', iban: { iban: IBAN.FR, accountHolderName: 'Marie Curie' } }
    const res = await h.post('/sandbox/orders', { amount: 19.9, currency: 'EUR', referenceId: 'shop-42', payerFinancialAddress: payer })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: expect.any(String),
      referenceId: 'shop-42',
      status: 'paid',
      price: { total: 19.9, currency: 'EUR' },
      payerFinancialAddress: payer,
      createdAt: T0,
      updatedAt: T0,
    })
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
