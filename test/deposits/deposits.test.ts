// POST /sandbox/deposits and deposit/retrieve over HTTP: the Deposit shape field by field, the
// money it credits (balance and ledger), the default rail and invented payer per currency, the
// deposit.received event at a real receiver, and every bad input refused with its param and
// nothing written.
import { isValidIBAN } from 'ibantools'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEPOSIT_RAILS, depositRailOf, RAILS, railOfDeposit } from '../../src/rails/registry.js'
import { harness, IBAN, T0, type Harness } from '../helpers/harness.js'
import { receiverPool } from '../helpers/receiver.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const DEPOSIT_FIELDS = ['id', 'amount', 'currency', 'payee', 'payer', 'receivedAt', 'returns', 'status', 'transactionId', 'bankStatementReference', 'rail', 'txHash']
const deposit = (body: Record<string, unknown>) => h.post('/sandbox/deposits', body)
const balance = async (currency: string) => (await h.post('/api/service/balance/retrieve', { currency })).body.balances[0].available
const transactions = async () => (await h.post('/api/service/transaction/list', { from: 0, to: 4102444800 })).body.data
const count = (table: string) => (h.rt.db.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n

/** Everything a refused request could have written. */
async function written() {
  return {
    deposits: count('deposits'),
    bookings: count('bookings'),
    events: count('webhook_events'),
    balances: h.rt.db.sqlite.prepare('select currency, available, booked from balances order by merchant_id, currency').all(),
    transactions: await transactions(),
  }
}

describe('POST /sandbox/deposits', () => {
  it('answers a received Deposit, field by field, that deposit/retrieve then answers the same', async () => {
    const res = await deposit({ amount: 25.5, currency: 'EUR' })
    expect(res.status).toBe(200)
    const d = res.body
    expect(Object.keys(d).sort()).toEqual(['amount', 'currency', 'id', 'payee', 'payer', 'rail', 'receivedAt', 'returns', 'status', 'transactionId'])
    expect(Object.keys(d).every((k) => DEPOSIT_FIELDS.includes(k))).toBe(true)
    expect(d.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(d).toMatchObject({ amount: 25.5, currency: 'EUR', status: 'received', receivedAt: T0, returns: [], rail: 'sepa_instant' })
    expect(d.transactionId).toEqual(expect.any(String))
    // The payee is the merchant's own EUR account; the payer an invented, valid German account.
    expect(Object.keys(d.payee)).toEqual(['type', 'iban'])
    expect(d.payee.type).toBe('iban')
    expect(d.payee.iban.iban).toMatch(/^DE/)
    expect(isValidIBAN(d.payee.iban.iban)).toBe(true)
    expect(d.payee.iban.accountHolderName).toMatch(/^Sandbox merchant /)
    expect(d.payer.type).toBe('iban')
    expect(isValidIBAN(d.payer.iban.iban)).toBe(true)
    expect(d.payer.iban.accountHolderName.length).toBeGreaterThan(0)
    expect((await h.post('/api/service/deposit/retrieve', { id: d.id })).body).toStrictEqual(d)
  })

  it('credits the account: balance/retrieve grows, and transaction/list has its booking, chained, under the deposit', async () => {
    expect(await balance('EUR')).toBe(10000)
    const before = await transactions()
    const d = (await deposit({ amount: 25.5, currency: 'EUR', bankStatementReference: 'INV 2026-0042' })).body
    expect(d.bankStatementReference).toBe('INV 2026-0042')
    expect(await balance('EUR')).toBe(10025.5)
    const after = await transactions()
    expect(after).toHaveLength(before.length + 1)
    const booking = after.at(-1)
    const previous = before.filter((t: { currency: string }) => t.currency === 'EUR').at(-1)
    expect(booking).toStrictEqual({
      id: d.transactionId,
      amount: '25.50',
      balance: { before: previous.balance.after, after: '10025.50' },
      bankStatementReference: 'INV 2026-0042',
      creditor: d.payee,
      currency: 'EUR',
      debtor: d.payer,
      side: 'credit',
      transactionDate: Date.parse(T0) / 1000,
      paymentProcessId: d.id,
      paymentProcessType: 'deposit',
    })
  })

  it.each([
    ['EUR', 'sepa_instant', 'iban'],
    ['GBP', 'faster_payments', 'sort_code'],
    ['USD', 'swift', 'aba'],
    ['PLN', 'express_elixir', 'iban'],
    ['SEK', 'sek_account_to_account', 'iban'],
    ['DKK', 'straksclearing', 'iban'],
    ['USDC', 'ETH', 'wallet'],
  ])('%s arrives on %s into a %s account, from an invented payer of the same kind', async (currency, rail, type) => {
    const d = (await deposit({ amount: 10, currency })).body
    expect(d).toMatchObject({ currency, rail, amount: 10, payee: { type }, payer: { type } })
    if (type === 'iban') {
      expect(isValidIBAN(d.payer.iban.iban)).toBe(true)
      expect(d.payer.iban.iban.slice(0, 2)).toBe(d.payee.iban.iban.slice(0, 2))
    }
    if (currency === 'USDC') {
      expect(d.txHash).toMatch(/^0x[0-9a-f]{64}$/)
      expect(d.payer.wallet).toMatchObject({ blockchain: 'ETH', address: expect.stringMatching(/^0x[0-9a-f]{40}$/) })
    } else {
      expect(d).not.toHaveProperty('txHash')
    }
    const booking = (await transactions()).at(-1)
    expect(booking).toMatchObject({ id: d.transactionId, currency, side: 'credit', paymentProcessType: 'deposit', paymentProcessId: d.id })
  })

  it('keeps a given payer, rail and txHash; a wallet on Solana takes its chain as the rail; USDC keeps six decimals', async () => {
    const payer = { type: 'iban', iban: { iban: 'de89 3704 0044 0532 0130 00', accountHolderName: 'Erika Mustermann' } }
    const sepa = (await deposit({ amount: 1, currency: 'EUR', payer, rail: 'sepa' })).body
    expect(sepa).toMatchObject({ rail: 'sepa', payer: { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Erika Mustermann' } } })

    const wallet = { type: 'wallet', wallet: { address: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV', blockchain: 'SOL' } }
    const sol = (await deposit({ amount: 1.123456, currency: 'USDC', payer: wallet })).body
    expect(sol).toMatchObject({ amount: 1.123456, rail: 'SOL', payer: wallet, payee: { type: 'wallet' } })
    expect(sol.txHash.length).toBeGreaterThanOrEqual(86)
    expect(await balance('USDC')).toBe(1.123456)

    const hash = `0x${'ab'.repeat(32)}`
    const eth = (await deposit({ amount: 2, currency: 'USDC', txHash: hash, rail: 'MATIC' })).body
    expect(eth).toMatchObject({ txHash: hash, rail: 'MATIC', payer: { wallet: { blockchain: 'MATIC' } } })
  })

  it('an invented payer is the same for the same deposit, different between deposits', async () => {
    const a = (await deposit({ amount: 1, currency: 'GBP' })).body
    const b = (await deposit({ amount: 1, currency: 'GBP' })).body
    expect((await h.post('/api/service/deposit/retrieve', { id: a.id })).body.payer).toStrictEqual(a.payer)
    expect(b.payer).not.toStrictEqual(a.payer)
  })

  it('PLN, SEK and DKK are credited on their own accounts, which transaction/list shows and balance/retrieve cannot', async () => {
    const d = (await deposit({ amount: 99.99, currency: 'PLN' })).body
    expect((await h.post('/api/service/balance/retrieve', {})).body.balances.map((b: { currency: string }) => b.currency)).toEqual(['EUR', 'GBP'])
    expect((await transactions()).at(-1)).toMatchObject({ currency: 'PLN', amount: '99.99', balance: { before: '0.00', after: '99.99' }, paymentProcessId: d.id })
  })

  it('queues deposit.received with the Deposit, delivered to a real receiver', async () => {
    const pool = receiverPool()
    try {
      const r = await pool.start()
      expect((await h.post('/api/service/webhook-subscription/create', { url: r.url, events: ['deposit.received'] })).status).toBe(200)
      const d = (await deposit({ amount: 7, currency: 'GBP' })).body
      await h.advance('0s')
      const [event] = await r.waitFor(1)
      expect(event!.json).toStrictEqual({ id: expect.any(String), type: 'deposit.received', date: T0, payload: d })
      expect(r.signedWith(event!, h.merchant.secret)).toBe(true)
    } finally {
      await pool.closeAll()
    }
  })

  const wallet = { type: 'wallet', wallet: { address: '0x52908400098527886E0F7030069857D2E4169EE7', blockchain: 'ETH' } }
  const iban = { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Jane Doe' } }
  it.each([
    ['no amount', { currency: 'EUR' }, 'amount'],
    ['a zero amount', { amount: 0, currency: 'EUR' }, 'amount'],
    ['a negative amount', { amount: -5, currency: 'EUR' }, 'amount'],
    ['a string amount', { amount: '5', currency: 'EUR' }, 'amount'],
    ['three decimals in EUR', { amount: 1.001, currency: 'EUR' }, 'amount'],
    ['seven decimals in USDC', { amount: 1.0000001, currency: 'USDC' }, 'amount'],
    ['an amount past the largest', { amount: 1e12, currency: 'EUR' }, 'amount'],
    ['no currency', { amount: 1 }, 'currency'],
    ['an unknown currency', { amount: 1, currency: 'CHF' }, 'currency'],
    ['a lowercase currency', { amount: 1, currency: 'eur' }, 'currency'],
    ['a payer with a bad IBAN', { amount: 1, currency: 'EUR', payer: { type: 'iban', iban: { iban: 'DE89370400440532013001', accountHolderName: 'X' } } }, 'payer.iban.iban'],
    ['a payer without its sub-object', { amount: 1, currency: 'EUR', payer: { type: 'iban' } }, 'payer.iban'],
    ['a payer of an unknown type', { amount: 1, currency: 'EUR', payer: { type: 'card' } }, 'payer.type'],
    ['a wallet paying EUR', { amount: 1, currency: 'EUR', payer: wallet }, 'payer.type'],
    ['a bank account paying USDC', { amount: 1, currency: 'USDC', payer: iban }, 'payer.type'],
    ['a rail that does not carry the currency', { amount: 1, currency: 'EUR', rail: 'elixir' }, 'rail'],
    ['a rail spelled as payout/create spells it', { amount: 1, currency: 'EUR', rail: 'SEPA_INSTANT' }, 'rail'],
    ['a rail that does not reach the payer', { amount: 1, currency: 'GBP', rail: 'faster_payments', payer: { type: 'aba', aba: { accountNumber: '000123456789', routingNumber: '021000021', accountHolderName: 'X' } } }, 'rail'],
    ['a chain other than the wallet', { amount: 1, currency: 'USDC', payer: wallet, rail: 'SOL' }, 'rail'],
    ['a txHash on a bank rail', { amount: 1, currency: 'EUR', txHash: `0x${'ab'.repeat(32)}` }, 'txHash'],
    ['a malformed txHash', { amount: 1, currency: 'USDC', txHash: '0x1234' }, 'txHash'],
    ['an empty bankStatementReference', { amount: 1, currency: 'EUR', bankStatementReference: '' }, 'bankStatementReference'],
  ])('refuses %s: 400 on its param, and writes nothing', async (_, body, param) => {
    const before = await written()
    const res = await deposit(body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', statusCode: 400, param })
    expect(Object.keys(res.body).sort()).toEqual(['category', 'code', 'devMessage', 'docUrl', 'message', 'param', 'statusCode'])
    expect(await written()).toStrictEqual(before)
  })

  it('refuses a deposit past what a merchant may hold in the currency, on amount, and writes nothing', async () => {
    expect((await deposit({ amount: 999_999_999.99, currency: 'USDC' })).status).toBe(200)
    const before = await written()
    const res = await deposit({ amount: 0.01, currency: 'USDC' })
    expect(res).toMatchObject({ status: 400, body: { param: 'amount' } })
    expect(await written()).toStrictEqual(before)
  })

  it('needs the API key', async () => {
    const before = await written()
    expect((await h.post('/sandbox/deposits', { amount: 1, currency: 'EUR' }, { key: null })).status).toBe(401)
    expect(await written()).toStrictEqual(before)
  })
})

describe('the rail enum of deposits', () => {
  it("is payout/create's, fiat rails in lower snake case and chains as they are, in the SDK's order", () => {
    expect(DEPOSIT_RAILS.map(railOfDeposit)).toEqual([...RAILS])
    expect(RAILS.map(depositRailOf)).toEqual([...DEPOSIT_RAILS])
    expect(DEPOSIT_RAILS.slice(0, 3)).toEqual(['sepa_instant', 'faster_payments', 'sepa'])
    expect(DEPOSIT_RAILS.slice(-6)).toEqual(['ETH', 'ETH-SEPOLIA', 'SOL', 'SOL-DEVNET', 'MATIC', 'MATIC-AMOY'])
  })
})

describe('deposit/retrieve', () => {
  it("answers 404 on id for an unknown id and for another merchant's deposit", async () => {
    const other = h.newMerchant()
    const theirs = (await h.post('/sandbox/deposits', { amount: 5, currency: 'EUR' }, { key: other.key })).body
    for (const id of ['0193f0a4-6c1e-7d2b-9a41-6f1c2b3d4e5f', theirs.id]) {
      const res = await h.post('/api/service/deposit/retrieve', { id })
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', statusCode: 404, param: 'id' })
    }
    expect((await h.post('/api/service/deposit/retrieve', { id: theirs.id }, { key: other.key })).body).toStrictEqual(theirs)
    expect((await h.post('/api/service/deposit/retrieve', {})).body).toMatchObject({ statusCode: 400, param: 'id' })
  })
})
