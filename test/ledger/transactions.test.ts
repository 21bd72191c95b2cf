// transaction/list over HTTP: each Transaction field by field (decimal strings, the balance
// before/after, creditor and debtor in the transactions' FinancialAddress shape, Unix seconds,
// the business object behind it), cursor paging, the from/to window, the accountId filter and
// every bad input; and balance/retrieve by accountId. Account ids come from the database.
import { isValidIBAN } from 'ibantools'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, IBAN, T0, type Harness } from '../helpers/harness.js'
import { checkLedger, ledgerState } from '../helpers/ledger.js'

let h: Harness
beforeEach(async () => {
  h = await harness({ merchant: { scenario: 'always-paid', name: 'Acme Ltd' } })
})
afterEach(() => h.close())

/** T0 in Unix seconds: the merchant's opening top-ups are booked then. */
const S0 = Date.parse(T0) / 1000
const ALL = { from: 0, to: 4_102_444_800 }
const REQUIRED = ['id', 'amount', 'balance', 'bankStatementReference', 'creditor', 'currency', 'debtor', 'side', 'transactionDate']
const OPTIONAL = ['paymentProcessId', 'paymentProcessType']
const ERROR_KEYS = ['category', 'code', 'devMessage', 'docUrl', 'message', 'param', 'statusCode']

const list = (body: unknown, key?: string) => h.post('/api/service/transaction/list', body, { key })
const balance = (body: unknown, key?: string) => h.post('/api/service/balance/retrieve', body, { key })
/** The merchant's account ids by currency, as the `balances` table holds them. */
const accounts = (merchantId = h.merchant.id): Record<string, string> =>
  Object.fromEntries(
    (h.rt.db.sqlite.prepare('select currency, account_id from balances where merchant_id = ?').all(merchantId) as Array<{ currency: string; account_id: string }>).map((a) => [a.currency, a.account_id]),
  )
const topUp = (currency: string, amount: number, key?: string) => h.post('/sandbox/balance/top-up', { currency, amount }, { key })

/** Every page of transaction/list from `body`, following nextCursor (at most `maxPages`). */
async function allPages(body: Record<string, unknown>, key?: string, maxPages = 20) {
  const pages: Array<{ data: any[]; paging: { hasNext: boolean; nextCursor?: string } }> = []
  let cursor: string | undefined
  for (let i = 0; i < maxPages; i++) {
    const res = await list({ ...body, ...(cursor && { afterCursor: cursor }) }, key)
    expect(res.status).toBe(200)
    pages.push(res.body)
    if (!res.body.paging.hasNext) return pages
    cursor = res.body.paging.nextCursor
  }
  throw new Error(`more than ${maxPages} pages`)
}

function expectErrorBody(res: { status: number; body: any }, status: number, param: string) {
  expect(res.status).toBe(status)
  expect(Object.keys(res.body).sort()).toEqual(ERROR_KEYS)
  expect(res.body).toMatchObject({ statusCode: status, param, category: 'invalid_request_error', code: status === 404 ? 'NOT_FOUND' : 'VALIDATION' })
}

describe('transaction/list: the Transaction shape', () => {
  it('top-ups, a paid order, paid and returned payouts: every field as the contract has it, nothing else', async () => {
    const payer = { type: 'iban', iban: { iban: IBAN.FR, accountHolderName: 'Marie Curie' } }
    const order = (await h.post('/sandbox/orders', { amount: 49.99, currency: 'EUR', referenceId: 'ORD-7', payerFinancialAddress: payer })).body
    await topUp('USD', 20)
    await topUp('USDC', 1.123456)
    const iban = { type: 'iban', iban: { iban: IBAN.NL, accountHolderName: 'Jan Jansen' } }
    const eurPayout = (await h.post('/api/service/payout/create', { amount: 12.5, currency: 'EUR', paymentReference: 'INV-1', destination: { financialAddress: iban } })).body
    const aba = { type: 'aba', aba: { accountNumber: '000123456789', routingNumber: '021000021', accountHolderName: 'John Roe' } }
    const usdPayout = (await h.post('/api/service/payout/create', { amount: 3, currency: 'USD', destination: { financialAddress: aba } })).body
    const wallet = { type: 'wallet', wallet: { address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', blockchain: 'ETH' } }
    const usdcPayout = (await h.post('/api/service/payout/create', { amount: 0.5, currency: 'USDC', destination: { financialAddress: wallet } })).body
    const sweep = (await h.post('/api/service/payout/create', { amount: 100, currency: 'GBP', destination: { type: 'beneficiary', financialAddress: { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'Acme Ltd' } } } })).body
    expect((await h.advance('1m')).status).toBe(200)
    expect((await h.post(`/sandbox/payouts/${eurPayout.id}/force`, { status: 'failed', failureCode: 'account_closed' })).status).toBe(200)
    const payout = async (id: string) => (await h.post('/api/service/payout/retrieve', { id })).body

    const res = await list(ALL)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['data', 'paging'])
    expect(res.body.paging).toEqual({ hasNext: false })
    const data: any[] = res.body.data
    for (const t of data) {
      expect(REQUIRED.every((k) => k in t), JSON.stringify(t)).toBe(true)
      expect(Object.keys(t).every((k) => REQUIRED.includes(k) || OPTIONAL.includes(k)), JSON.stringify(t)).toBe(true)
      expect(Object.keys(t.balance).sort()).toEqual(['after', 'before'])
      const decimals = t.currency === 'USDC' ? 6 : 2
      for (const money of [t.amount, t.balance.before, t.balance.after]) expect(money).toMatch(new RegExp(`^\\d+\\.\\d{${decimals}}$`))
      expect(Number.isInteger(t.transactionDate)).toBe(true)
      for (const side of [t.creditor, t.debtor]) {
        expect(side.aba).toBeUndefined()
        expect(side.wallet?.blockchain).toBeUndefined()
      }
    }

    // The merchant's own EUR account: a valid IBAN in its name, the same on every booking.
    const ownEur = data[0].creditor
    expect(ownEur).toEqual({ type: 'iban', iban: { iban: expect.any(String), accountHolderName: 'Acme Ltd' } })
    expect(isValidIBAN(ownEur.iban.iban)).toBe(true)

    const byProcess = (id: string) => data.filter((t) => t.paymentProcessId === id)
    const ledger = h.rt.db.sqlite
    // Opening balances: top-ups, with no object behind them.
    expect(data.filter((t) => t.paymentProcessType === 'topup' && t.currency === 'EUR')).toEqual([
      {
        id: expect.any(String),
        amount: '10000.00',
        balance: { before: '0.00', after: '10000.00' },
        bankStatementReference: 'SANDBOX TOP-UP',
        creditor: ownEur,
        currency: 'EUR',
        debtor: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Ivy sandbox top-up' } },
        side: 'credit',
        transactionDate: S0,
        paymentProcessType: 'topup',
      },
    ])
    expect(byProcess(order.id)).toEqual([
      {
        id: (ledger.prepare('select transaction_id from orders where id = ?').get(order.id) as { transaction_id: string }).transaction_id,
        amount: '49.99',
        balance: { before: '10000.00', after: '10049.99' },
        // The statement reference the payer was told to use (the order's destination).
        bankStatementReference: order.destination.bankStatementReference,
        creditor: ownEur,
        currency: 'EUR',
        debtor: payer,
        side: 'credit',
        transactionDate: S0,
        paymentProcessId: order.id,
        paymentProcessType: 'payment',
      },
    ])
    // Paid, then returned: a debit when it left, a credit when it came back, both in the payout's name.
    const returned = await payout(eurPayout.id)
    const paid = byProcess(eurPayout.id)
    expect(paid).toHaveLength(2)
    expect(paid[0]).toEqual({
      id: returned.transactionId,
      amount: '12.50',
      balance: { before: '10049.99', after: '10037.49' },
      bankStatementReference: 'INV-1',
      creditor: iban,
      currency: 'EUR',
      debtor: ownEur,
      side: 'debit',
      transactionDate: expect.any(Number),
      paymentProcessId: eurPayout.id,
      paymentProcessType: 'payout',
    })
    expect(paid[0].transactionDate).toBeGreaterThanOrEqual(S0)
    expect(paid[0].transactionDate).toBeLessThanOrEqual(S0 + 60)
    expect(paid[1]).toEqual({ ...paid[0], id: expect.any(String), balance: { before: '10037.49', after: '10049.99' }, creditor: ownEur, debtor: iban, side: 'credit', transactionDate: S0 + 60 })
    expect(paid[1].id).not.toBe(paid[0].id)

    // USD: the ABA account has no sub-object in a transaction, on either side.
    const [usd] = byProcess(usdPayout.id)
    expect(usd).toMatchObject({ id: (await payout(usdPayout.id)).transactionId, amount: '3.00', balance: { before: '20.00', after: '17.00' }, currency: 'USD', side: 'debit' })
    expect(usd.creditor).toEqual({ type: 'aba' })
    expect(usd.debtor).toEqual({ type: 'aba' })
    expect(usd.bankStatementReference).toEqual(expect.any(String))
    // USDC: six decimals; a wallet without its chain.
    const [usdc] = byProcess(usdcPayout.id)
    expect(usdc).toMatchObject({ amount: '0.500000', balance: { before: '1.123456', after: '0.623456' }, currency: 'USDC', side: 'debit', paymentProcessType: 'payout' })
    expect(usdc.creditor).toEqual({ type: 'wallet', wallet: { address: wallet.wallet.address } })
    expect(usdc.debtor).toEqual({ type: 'wallet', wallet: { address: expect.stringMatching(/^0x[0-9a-f]{40}$/) } })
    // A beneficiary payout is the merchant's own money leaving: merchant_payout.
    expect(byProcess(sweep.id)).toMatchObject([{ paymentProcessType: 'merchant_payout', side: 'debit', amount: '100.00', currency: 'GBP', balance: { before: '10000.00', after: '9900.00' } }])

    // Per currency, the balances chain through the list.
    for (const currency of ['EUR', 'GBP', 'USD', 'USDC']) {
      const mine = data.filter((t) => t.currency === currency)
      for (let i = 1; i < mine.length; i++) expect(mine[i].balance.before).toBe(mine[i - 1].balance.after)
    }
    expect(checkLedger(ledger, h.merchant.id)).toEqual([])
  })
})

describe('transaction/list: cursor paging', () => {
  it('walks more than 100 bookings page by page with no duplicate and no gap, past another merchant\'s bookings in between', async () => {
    const other = h.newMerchant()
    // 130 top-ups of 0.01 plus the two opening ones; the other merchant books in between.
    for (let i = 0; i < 130; i++) {
      expect((await topUp('EUR', 0.01)).status).toBe(200)
      if (i % 3 === 0) await topUp('EUR', 1, other.key)
    }
    const pages = await allPages(ALL)
    expect(pages.map((p) => p.data.length)).toEqual([100, 32])
    expect(pages[0]!.paging).toEqual({ hasNext: true, nextCursor: expect.any(String) })
    expect(pages[1]!.paging).toEqual({ hasNext: false })
    const ids = pages.flatMap((p) => p.data.map((t) => t.id))
    expect(new Set(ids).size).toBe(ids.length)
    const booked = (h.rt.db.sqlite.prepare('select id from bookings where merchant_id = ? order by n').all(h.merchant.id) as Array<{ id: string }>).map((b) => b.id)
    expect(ids).toEqual(booked)
    // The 130 EUR top-ups end at 10,001.30.
    expect(pages[1]!.data.at(-1)).toMatchObject({ currency: 'EUR', balance: { after: '10001.30' } })

    // A cursor stays good while more is booked: what came after it shows on the next page.
    const late = await topUp('GBP', 2)
    expect(late.status).toBe(200)
    const next = await list({ ...ALL, afterCursor: pages[0]!.paging.nextCursor })
    expect(next.body.data.map((t: any) => t.id)).toEqual([...ids.slice(100), (h.rt.db.sqlite.prepare('select id from bookings where merchant_id = ? order by n desc limit 1').get(h.merchant.id) as { id: string }).id])

    // The other merchant pages through its own only.
    const theirs = await allPages(ALL, other.key)
    expect(theirs.flatMap((p) => p.data).length).toBe(2 + 44)
    expect(theirs.flatMap((p) => p.data.map((t) => t.id)).some((id) => ids.includes(id))).toBe(false)
  })

  it('pages one account only when accountId is given', async () => {
    for (let i = 0; i < 105; i++) await topUp(i % 2 ? 'GBP' : 'EUR', 1)
    const { EUR, GBP } = accounts()
    const eur = (await allPages({ ...ALL, accountId: EUR })).flatMap((p) => p.data)
    const gbp = (await allPages({ ...ALL, accountId: GBP })).flatMap((p) => p.data)
    expect([eur.length, gbp.length]).toEqual([1 + 53, 1 + 52])
    expect(eur.every((t) => t.currency === 'EUR')).toBe(true)
    expect(gbp.every((t) => t.currency === 'GBP')).toBe(true)
  })
})

describe('transaction/list: the from/to window, in Unix seconds', () => {
  it('from is inclusive, to exclusive; a booking within a second counts as that second', async () => {
    await h.advance('10s')
    await topUp('EUR', 1)
    await h.advance('500ms')
    await topUp('EUR', 2)
    await h.advance('1h')
    await topUp('EUR', 3)
    const amounts = async (from: number, to: number) => {
      const res = await list({ from, to })
      expect(res.status).toBe(200)
      return res.body.data.map((t: any) => `${t.currency} ${t.amount}@${t.transactionDate - S0}`)
    }
    expect(await amounts(0, S0)).toEqual([])
    expect(await amounts(S0, S0)).toEqual([])
    expect(await amounts(S0, S0 + 1)).toEqual(['EUR 10000.00@0', 'GBP 10000.00@0'])
    expect(await amounts(S0 + 1, S0 + 10)).toEqual([])
    expect(await amounts(S0 + 10, S0 + 11)).toEqual(['EUR 1.00@10', 'EUR 2.00@10'])
    expect(await amounts(S0 + 11, S0 + 3610)).toEqual([])
    expect(await amounts(S0 + 3610, S0 + 3611)).toEqual(['EUR 3.00@3610'])
    expect(await amounts(S0 + 1, ALL.to)).toEqual(['EUR 1.00@10', 'EUR 2.00@10', 'EUR 3.00@3610'])
    // The window and the account filter together.
    expect((await list({ from: S0 + 1, to: ALL.to, accountId: accounts().GBP })).body).toEqual({ data: [], paging: { hasNext: false } })
  })
})

describe('transaction/list: accountId', () => {
  it("lists the merchant's own account; an unknown one or another merchant's is a 404 on accountId", async () => {
    await topUp('USDC', 5)
    const own = accounts()
    const usdc = await list({ ...ALL, accountId: own.USDC })
    expect(usdc.status).toBe(200)
    expect(usdc.body.data).toMatchObject([{ currency: 'USDC', amount: '5.000000', paymentProcessType: 'topup' }])

    const other = h.newMerchant()
    const before = ledgerState(h.rt.db.sqlite)
    expectErrorBody(await list({ ...ALL, accountId: accounts(other.id).EUR }), 404, 'accountId')
    expectErrorBody(await list({ ...ALL, accountId: '6f1c2a4e-0000-4000-8000-000000000000' }), 404, 'accountId')
    // ...and the other merchant cannot list ours either.
    expectErrorBody(await list({ ...ALL, accountId: own.EUR }, other.key), 404, 'accountId')
    expect(ledgerState(h.rt.db.sqlite)).toEqual(before)
  })
})

describe('transaction/list: bad input', () => {
  const cases: Array<[string, unknown, string]> = [
    ['a cursor it never gave', { ...ALL, afterCursor: 'nope' }, 'afterCursor'],
    ['a cursor without its number', { ...ALL, afterCursor: 'txc_' }, 'afterCursor'],
    ['a cursor written another way', { ...ALL, afterCursor: 'txc_0a' }, 'afterCursor'],
    ['a cursor in capitals', { ...ALL, afterCursor: 'TXC_A' }, 'afterCursor'],
    ['a negative cursor', { ...ALL, afterCursor: 'txc_-1' }, 'afterCursor'],
    ['an empty cursor', { ...ALL, afterCursor: '' }, 'afterCursor'],
    ['a cursor that is no string', { ...ALL, afterCursor: 5 }, 'afterCursor'],
    ['from after to', { from: S0 + 1, to: S0 }, 'from'],
    ['no from', { to: S0 }, 'from'],
    ['no to', { from: S0 }, 'to'],
    ['from negative', { from: -1, to: S0 }, 'from'],
    ['from with a fraction', { from: 1.5, to: S0 }, 'from'],
    ['from as text', { from: String(S0), to: S0 + 1 }, 'from'],
    ['to past the year 9999', { from: 0, to: 253_402_300_800 }, 'to'],
    ['an empty accountId', { ...ALL, accountId: '' }, 'accountId'],
    ['an accountId that is no string', { ...ALL, accountId: 7 }, 'accountId'],
  ]
  it.each(cases)('%s: a 400 on its param, nothing written', async (_name, body, param) => {
    const before = ledgerState(h.rt.db.sqlite)
    expectErrorBody(await list(body), 400, param)
    expect(ledgerState(h.rt.db.sqlite)).toEqual(before)
  })

  it('no body, or a body that is not JSON, is a 400', async () => {
    expect((await list(undefined)).status).toBe(400)
    const raw = await h.post('/api/service/transaction/list', undefined, { raw: '{"from":0,', headers: { 'content-type': 'application/json' } })
    expect(raw.status).toBe(400)
    expect(raw.body).toMatchObject({ statusCode: 400, category: 'invalid_request_error' })
  })
})

describe('balance/retrieve with accountId', () => {
  it("shows the merchant's own account (its currency, whatever `currency` says); an unknown or another merchant's account is a 404", async () => {
    const own = accounts()
    await h.post('/api/service/payout/create', { amount: 100, currency: 'EUR', destination: { financialAddress: { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Jane Doe' } } } })
    expect((await balance({ accountId: own.EUR })).body).toEqual({ balances: [{ available: 9900, currency: 'EUR' }] })
    expect((await balance({ accountId: own.GBP, currency: 'EUR' })).body).toEqual({ balances: [{ available: 10000, currency: 'GBP' }] })
    expect((await topUp('USDC', 0.010001)).status).toBe(200)
    expect((await balance({ accountId: accounts().USDC })).body).toEqual({ balances: [{ available: 0.010001, currency: 'USDC' }] })

    const other = h.newMerchant({ balances: { EUR: 1 } })
    const before = ledgerState(h.rt.db.sqlite)
    expectErrorBody(await balance({ accountId: accounts(other.id).EUR }), 404, 'accountId')
    expectErrorBody(await balance({ accountId: own.EUR }, other.key), 404, 'accountId')
    expectErrorBody(await balance({ accountId: '6f1c2a4e-0000-4000-8000-000000000000' }), 404, 'accountId')
    expectErrorBody(await balance({ accountId: '' }), 400, 'accountId')
    expect(ledgerState(h.rt.db.sqlite)).toEqual(before)
    expect((await balance({ accountId: accounts(other.id).EUR }, other.key)).body).toEqual({ balances: [{ available: 1, currency: 'EUR' }] })
  })
})
