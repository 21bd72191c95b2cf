// The ledger through a snapshot restore and a fork: the bookings come back in their order with
// the accounts and objects they name, checkLedger stays clean on both sides, and each side books
// on from where it was without touching the other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'
import { checkLedger } from '../helpers/ledger.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { scenario: 'always-paid' } })
})
afterEach(() => h.close())

const ALL = { from: 0, to: 4_102_444_800 }
const transactions = async (key = h.key) => {
  const res = await h.post('/api/service/transaction/list', ALL, { key })
  expect(res.status).toBe(200)
  expect(res.body.paging.hasNext).toBe(false)
  return res.body.data as any[]
}
const balances = async (key = h.key) => (await h.post('/api/service/balance/retrieve', {}, { key })).body
const problems = (merchantId: string) => checkLedger(h.rt.db.sqlite, merchantId)

/** A ledger with every kind of booking the payouts side makes, and a payout still holding money. */
async function bookSome(): Promise<{ pending: string; paid: string }> {
  await h.post('/sandbox/orders', { amount: 42.5, currency: 'EUR', payerFinancialAddress: { type: 'iban', iban: { iban: IBAN.FR, accountHolderName: 'Marie Curie' } } })
  await h.post('/sandbox/balance/top-up', { currency: 'USDC', amount: 3.25 })
  const paid = (await h.post('/api/service/payout/create', openLoop(10))).body.id
  const returned = (await h.post('/api/service/payout/create', openLoop(20, IBAN.NL))).body.id
  await h.advance('1m')
  expect((await h.post(`/sandbox/payouts/${returned}/force`, { status: 'failed', failureCode: 'account_closed' })).status).toBe(200)
  const pending = (await h.post('/api/service/payout/create', openLoop(30))).body.id
  return { pending, paid }
}

/** A transaction without what a fork renews: its ids, and the merchant's own account (the fork's accounts are new). */
const withoutIds = ({ id: _id, paymentProcessId: _p, ...rest }: any) => {
  if (rest.side === 'credit') delete rest.creditor
  else delete rest.debtor
  return rest
}
/** The merchant's own side of each booking, by currency: one account per currency, the same on every booking. */
const ownSides = (list: any[]) => {
  const seen: Record<string, Set<string>> = {}
  for (const t of list) (seen[t.currency] ??= new Set()).add(JSON.stringify(t.side === 'credit' ? t.creditor : t.debtor))
  return Object.fromEntries(Object.entries(seen).map(([currency, sides]) => [currency, [...sides]]))
}

describe('the ledger and snapshots', () => {
  it('a restore brings back the bookings, balances and holds as they were; the ledger stays sound and books on', async () => {
    const { pending } = await bookSome()
    const saved = { transactions: await transactions(), balances: await balances() }
    expect(problems(h.merchant.id)).toEqual([])
    expect((await h.post('/sandbox/snapshots', { name: 'before' })).status).toBe(200)

    // After the snapshot: the held payout is paid, more money arrives.
    await h.advance('1m')
    await h.post('/sandbox/balance/top-up', { currency: 'EUR', amount: 7 })
    expect((await h.post('/api/service/payout/retrieve', { id: pending })).body.status).toBe('paid')
    expect((await transactions()).length).toBe(saved.transactions.length + 2)
    expect(problems(h.merchant.id)).toEqual([])

    expect((await h.post('/sandbox/snapshots/before/restore')).status).toBe(200)
    expect(await transactions()).toEqual(saved.transactions)
    expect(await balances()).toEqual(saved.balances)
    expect(problems(h.merchant.id)).toEqual([])

    // The restored hold still pays out once, on the restored chain.
    await h.advance('1m')
    const after = await transactions()
    expect(after.slice(0, -1)).toEqual(saved.transactions)
    expect(after.at(-1)).toMatchObject({ paymentProcessId: pending, side: 'debit', amount: '30.00', balance: { before: saved.transactions.filter((t) => t.currency === 'EUR').at(-1).balance.after } })
    expect(problems(h.merchant.id)).toEqual([])
  })

  it('a fork copies the ledger under new ids that name its own objects; each side books on alone', async () => {
    const { pending, paid } = await bookSome()
    const source = await transactions()
    const fork = (await h.post('/sandbox/merchants', { from: h.merchant.id })).body
    expect(fork.apiKey).toEqual(expect.any(String))
    expect(problems(fork.id)).toEqual([])
    expect(problems(h.merchant.id)).toEqual([])

    const copied = await transactions(fork.apiKey)
    expect(copied.map(withoutIds)).toEqual(source.map(withoutIds))
    expect(copied.map((t) => t.id).filter((id) => source.some((s) => s.id === id))).toEqual([])
    expect(await balances(fork.apiKey)).toEqual(await balances())
    // The fork's bookings name the fork's payouts and orders, whose transactionId is the booking.
    for (const t of copied.filter((t) => t.paymentProcessType === 'payout')) {
      const payout = await h.post('/api/service/payout/retrieve', { id: t.paymentProcessId }, { key: fork.apiKey })
      expect(payout.status).toBe(200)
      if (t.side === 'debit') expect(payout.body.transactionId).toBe(t.id)
    }
    const forkPaid = copied.find((t) => t.paymentProcessType === 'payout' && t.amount === '10.00')!
    expect(forkPaid.paymentProcessId).not.toBe(paid)

    // Both sides pay their held payout on their own advance; neither sees the other's bookings.
    await h.advance('1m', fork.apiKey)
    const forkAfter = await transactions(fork.apiKey)
    expect(forkAfter).toHaveLength(copied.length + 1)
    expect(await transactions()).toEqual(source)
    await h.advance('1m')
    const sourceAfter = await transactions()
    expect(sourceAfter.at(-1)).toMatchObject({ paymentProcessId: pending, amount: '30.00', side: 'debit' })
    expect(withoutIds(forkAfter.at(-1))).toEqual(withoutIds(sourceAfter.at(-1)))
    expect(forkAfter.at(-1).paymentProcessId).not.toBe(pending)
    expect(problems(fork.id)).toEqual([])
    expect(problems(h.merchant.id)).toEqual([])

    // The fork's account shows one set of details on its copied and its new bookings alike, its own.
    const forkSides = ownSides(forkAfter)
    const sourceSides = ownSides(sourceAfter)
    for (const currency of Object.keys(sourceSides)) {
      expect(forkSides[currency]).toHaveLength(1)
      expect(sourceSides[currency]).toHaveLength(1)
      expect(forkSides[currency]).not.toEqual(sourceSides[currency])
    }
    expect(JSON.parse(forkSides.EUR![0]!).iban.accountHolderName).toBe(fork.name)
  })
})
