// Money fits its column [sandbox]: what a merchant holds in one currency (balance, plus what its
// payouts reserve or paid out) stays within 15 digits of minor units, so it never overflows
// SQLite's integer into a float and the decimal shown is exact. A credit past it is a 400 with
// param that writes nothing.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const MAX_EUR = 9_999_999_999_999.99
const rows = (table: string) => (h.rt.db.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n
const balance = async (currency: string) => (await h.post('/api/service/balance/retrieve', { currency })).body.balances[0].available
const toWallet = (amount: number) => ({ amount, currency: 'USDC', destination: { financialAddress: { type: 'wallet', wallet: { address: '0x52908400098527886E0F7030069857D2E4169EE7', blockchain: 'ETH' } } } })

describe('a balance at its bound', () => {
  it('USDC: repeated top-ups of the largest amount stop at the bound with a 400, and the balance reads exactly', async () => {
    h = await harness()
    const answers: number[] = []
    for (let i = 0; i < 5; i++) answers.push((await h.post('/sandbox/balance/top-up', { currency: 'USDC', amount: 999_999_999.99 })).status)
    expect(answers).toEqual([200, 400, 400, 400, 400])
    const refused = await h.post('/sandbox/balance/top-up', { currency: 'USDC', amount: 999_999_999.99 })
    expect(refused.body).toMatchObject({ code: 'VALIDATION', param: 'amount' })
    expect(await balance('USDC')).toBe(999_999_999.99)
    // The bound is 999,999,999.999999 USDC: even the smallest top-up no longer fits.
    expect((await h.post('/sandbox/balance/top-up', { currency: 'USDC', amount: 0.01 })).status).toBe(400)
  })

  it('EUR: a top-up or a paid order past the bound is a 400 with param and writes nothing', async () => {
    h = await harness()
    // Reaching the EUR bound over HTTP takes 10,000 top-ups; the row is set just below it instead.
    h.rt.db.sqlite.prepare("update balances set available = ? where merchant_id = ? and currency = 'EUR'").run(999_999_999_999_899, h.merchant.id)
    expect((await h.post('/sandbox/balance/top-up', { currency: 'EUR', amount: 1 })).status).toBe(200)
    expect(await balance('EUR')).toBe(MAX_EUR)
    const topUp = await h.post('/sandbox/balance/top-up', { currency: 'EUR', amount: 0.01 })
    expect(topUp.status).toBe(400)
    expect(topUp.body.param).toBe('amount')
    const orders = rows('orders')
    const order = await h.post('/sandbox/orders', { amount: 0.01, currency: 'EUR' })
    expect(order.status).toBe(400)
    expect(order.body.param).toBe('amount')
    expect(rows('orders')).toBe(orders)
    expect(await balance('EUR')).toBe(MAX_EUR)
    // An order that is not paid credits nothing, so it is kept.
    expect((await h.post('/sandbox/orders', { amount: 5, currency: 'EUR', status: 'waiting_for_payment' })).status).toBe(200)
  })

  it('counts what payouts hold, so a release or a return never carries the balance past it', async () => {
    h = await harness()
    await h.post('/sandbox/balance/top-up', { currency: 'USDC', amount: 999_999_999.99 })
    const reserved = (await h.post('/api/service/payout/create', toWallet(500_000_000))).body.id
    expect(await balance('USDC')).toBe(499_999_999.99)
    expect((await h.post('/sandbox/balance/top-up', { currency: 'USDC', amount: 1 })).body.param).toBe('amount')
    await h.post(`/sandbox/payouts/${reserved}/force`, { status: 'paid' })
    expect((await h.post('/sandbox/orders', { amount: 1, currency: 'USDC' })).body.param).toBe('amount')
    await h.post(`/sandbox/payouts/${reserved}/force`, { status: 'failed', failureCode: 'system_error' })
    expect(await balance('USDC')).toBe(999_999_999.99)
  })
})
