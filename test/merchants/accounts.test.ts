// A merchant's accounts and beneficiary accounts as POST /sandbox/merchants takes them and
// GET /sandbox/merchant shows them; forks and snapshots keep them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FinancialAddress } from '../../src/financial-address/schemas.js'
import { harness, IBAN, type Harness } from '../helpers/harness.js'

const EUR_ACCOUNT = { type: 'iban', iban: { iban: IBAN.DE2, accountHolderName: 'Acme GmbH', bic: 'COBADEFFXXX' } }
const USD_ACCOUNT = { type: 'aba', aba: { accountNumber: '000123456789', routingNumber: '021000021', accountHolderName: 'Acme Inc' } }
const GBP_ACCOUNT = { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'Acme Ltd' } }
const WALLET = { type: 'wallet', wallet: { address: '0x52908400098527886E0F7030069857D2E4169EE7', blockchain: 'ETH' } }
const ALL_TIME = { from: 0, to: 4102444800 }

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const createMerchant = (body: Record<string, unknown>) => h.post('/sandbox/merchants', body, { key: null })
const merchantCount = () => (h.rt.db.sqlite.prepare('select count(*) as n from merchants').get() as { n: number }).n

describe('beneficiary accounts', () => {
  it('keeps the accounts given and invents the others: in the merchant\'s name, valid, one per beneficiary-payout currency', async () => {
    const res = await createMerchant({ name: 'Acme GmbH', beneficiaryAccounts: { EUR: EUR_ACCOUNT, USD: USD_ACCOUNT } })
    expect(res.status).toBe(200)
    const { beneficiaryAccounts } = res.body
    expect(Object.keys(beneficiaryAccounts)).toEqual(['EUR', 'USD', 'GBP', 'PLN', 'SEK', 'DKK'])
    expect(beneficiaryAccounts.EUR).toEqual(EUR_ACCOUNT)
    expect(beneficiaryAccounts.USD).toEqual(USD_ACCOUNT)
    expect(beneficiaryAccounts.GBP).toEqual({ type: 'sort_code', sortCode: { sortCode: expect.stringMatching(/^\d{6}$/), accountNumber: expect.stringMatching(/^\d{8}$/), accountHolderName: 'Acme GmbH' } })
    for (const [currency, country] of [['PLN', 'PL'], ['SEK', 'SE'], ['DKK', 'DK']] as const) {
      expect(beneficiaryAccounts[currency]).toEqual({ type: 'iban', iban: { iban: expect.stringMatching(new RegExp(`^${country}\\d+$`)), accountHolderName: 'Acme GmbH' } })
    }
    for (const account of Object.values(beneficiaryAccounts)) expect(FinancialAddress.safeParse(account).success).toBe(true)
    expect((await h.get('/sandbox/merchant', { key: res.body.apiKey })).body.beneficiaryAccounts).toEqual(beneficiaryAccounts)
  })

  it('invents from the merchant id and currency: the same merchant always gets the same, another merchant others', async () => {
    const first = (await createMerchant({ name: 'Same Name' })).body
    const second = (await createMerchant({ name: 'Same Name' })).body
    expect(second.beneficiaryAccounts.EUR).not.toEqual(first.beneficiaryAccounts.EUR)
    // A merchant stored before beneficiary accounts existed (none stored) gets the same invented ones.
    h.rt.db.sqlite.prepare('update merchants set beneficiary_accounts = null where id = ?').run(first.id)
    expect((await h.get('/sandbox/merchant', { key: first.apiKey })).body.beneficiaryAccounts).toEqual(first.beneficiaryAccounts)
  })

  it('invents valid accounts for many merchants (Polish IBANs carry national check digits)', async () => {
    for (let i = 0; i < 40; i++) {
      const { beneficiaryAccounts } = (await createMerchant({})).body
      for (const account of Object.values(beneficiaryAccounts)) expect(FinancialAddress.safeParse(account).success).toBe(true)
    }
  })

  it.each([
    ['a currency beneficiary payouts do not have', { USDC: WALLET }, 'beneficiaryAccounts.USDC'],
    ['an IBAN failing its checksum', { EUR: { type: 'iban', iban: { iban: 'DE89370400440532013001', accountHolderName: 'A' } } }, 'beneficiaryAccounts.EUR.iban.iban'],
    ['an account without its sub-object', { EUR: { type: 'iban' } }, 'beneficiaryAccounts.EUR.iban'],
    ['not an object', { EUR: 'DE89370400440532013000' }, 'beneficiaryAccounts.EUR'],
    ['a list', [EUR_ACCOUNT], 'beneficiaryAccounts'],
    ['a wallet for EUR', { EUR: WALLET }, 'beneficiaryAccounts.EUR.type'],
    ['an ABA account for GBP (Faster Payments reaches sort codes and IBANs)', { GBP: USD_ACCOUNT }, 'beneficiaryAccounts.GBP.type'],
    ['a sort code for PLN (ELIXIR reaches IBANs and BBANs)', { PLN: GBP_ACCOUNT }, 'beneficiaryAccounts.PLN.type'],
  ])('refuses %s: 400 on its param, and no merchant is made', async (_, beneficiaryAccounts, param) => {
    const before = merchantCount()
    const res = await createMerchant({ beneficiaryAccounts })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION', category: 'invalid_request_error', param })
    expect(merchantCount()).toBe(before)
  })

  it('a fork copies them and refuses new ones; a snapshot restore keeps them', async () => {
    const source = (await createMerchant({ name: 'Source', beneficiaryAccounts: { GBP: GBP_ACCOUNT } })).body
    const fork = await h.post('/sandbox/merchants', { from: source.id }, { key: source.apiKey })
    expect(fork.status).toBe(200)
    // The invented ones too: they stay in the source's name, not re-invented for the fork's id.
    expect(fork.body.beneficiaryAccounts).toEqual(source.beneficiaryAccounts)
    const refused = await h.post('/sandbox/merchants', { from: source.id, beneficiaryAccounts: { EUR: EUR_ACCOUNT } }, { key: source.apiKey })
    expect(refused.body).toMatchObject({ statusCode: 400, param: 'beneficiaryAccounts' })
    await h.post('/sandbox/snapshots', { name: 'with-accounts' }, { key: source.apiKey })
    await h.post('/sandbox/snapshots/with-accounts/restore', undefined, { key: source.apiKey })
    expect((await h.get('/sandbox/merchant', { key: source.apiKey })).body.beneficiaryAccounts).toEqual(source.beneficiaryAccounts)
  })
})

describe('accounts', () => {
  it('GET /sandbox/merchant lists one account per currency held, with id, available and booked in major units', async () => {
    const m = (await createMerchant({ scenario: 'always-paid', clock: { mode: 'frozen' }, balances: { EUR: 100, USDC: 1.5 } })).body
    expect(m.accounts).toEqual([
      { id: expect.any(String), currency: 'EUR', available: 100, booked: 100 },
      { id: expect.any(String), currency: 'USDC', available: 1.5, booked: 1.5 },
    ])
    const payout = { amount: 30.25, currency: 'EUR', destination: { financialAddress: EUR_ACCOUNT } }
    expect((await h.post('/api/service/payout/create', payout, { key: m.apiKey })).status).toBe(200)
    // Reserved, not yet booked.
    const { accounts } = (await h.get('/sandbox/merchant', { key: m.apiKey })).body
    expect(accounts[0]).toEqual({ id: m.accounts[0].id, currency: 'EUR', available: 69.75, booked: 100 })
  })

  it("each account's id is what balance/retrieve and transaction/list take as accountId", async () => {
    const m = (await createMerchant({ balances: { EUR: 12.5, GBP: 7 } })).body
    for (const account of m.accounts) {
      const balance = await h.post('/api/service/balance/retrieve', { accountId: account.id, currency: 'USD' }, { key: m.apiKey })
      expect(balance.body).toEqual({ balances: [{ available: account.available, currency: account.currency }] })
      const bookings = (await h.post('/api/service/transaction/list', { ...ALL_TIME, accountId: account.id }, { key: m.apiKey })).body.data
      expect(bookings.map((t: { currency: string; balance: { after: string } }) => [t.currency, Number(t.balance.after)])).toEqual([[account.currency, account.booked]])
    }
    // Another merchant's account is not found.
    expect((await h.post('/api/service/balance/retrieve', { accountId: m.accounts[0].id })).body).toMatchObject({ statusCode: 404, param: 'accountId' })
  })
})
