import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, T0, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { scenario: 'always-paid' } })
})
afterEach(() => h.close())

describe('payout/create', () => {
  it('creates an open-loop payout pending, reserves the amount, and answers the Payout object', async () => {
    const res = await h.post('/api/service/payout/create', openLoop(100.5, 'de89 3704 0044 0532 0130 00', { paymentReference: 'Refund 42', metadata: { orderRef: 'A-1' } }))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: expect.any(String),
      amount: 100.5,
      currency: 'EUR',
      destination: { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Jane Doe' } },
      status: 'pending',
      type: 'customer',
      createdAt: T0,
      updatedAt: T0,
      metadata: { orderRef: 'A-1' },
      paymentReference: 'Refund 42',
    })
    const balance = await h.post('/api/service/balance/retrieve', { currency: 'EUR' })
    expect(balance.body).toEqual({ balances: [{ available: 10000 - 100.5, currency: 'EUR' }] })
  })

  it('settles on the clock: in transit, then paid with a transactionId', async () => {
    const { body: payout } = await h.post('/api/service/payout/create', openLoop(10))
    const advanced = await h.advance('1m')
    expect(advanced.status).toBe(200)
    expect(advanced.body.fired.map((f: any) => [f.from, f.to])).toEqual([
      ['pending', 'in_transit'],
      ['in_transit', 'paid'],
    ])
    const { body } = await h.post('/api/service/payout/retrieve', { id: payout.id })
    expect(body.status).toBe('paid')
    expect(body.transactionId).toEqual(expect.any(String))
    expect(Date.parse(body.updatedAt) - Date.parse(T0)).toBeGreaterThan(200)
    expect(Date.parse(body.updatedAt) - Date.parse(T0)).toBeLessThan(12_000)
  })

  it('fails an uncovered payout with insufficient_funds and releases nothing it did not hold', async () => {
    const { body: payout } = await h.post('/api/service/payout/create', openLoop(20_000))
    expect(payout.status).toBe('pending')
    const { body } = await h.post('/api/service/payout/retrieve', { id: payout.id })
    expect(body.status).toBe('failed')
    expect(body.failure).toEqual({ code: 'insufficient_funds', message: expect.any(String), retry: true })
    const balance = await h.post('/api/service/balance/retrieve', { currency: 'EUR' })
    expect(balance.body.balances[0].available).toBe(10000)
  })
})
