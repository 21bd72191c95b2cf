// The magic values of default.yaml, as the README lists them: each forces its outcome, for EUR
// (IBAN), GBP (sort code + account) and GBP through the equivalent GB IBAN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, type Harness } from '../helpers/harness.js'

let h: Harness
beforeAll(async () => {
  h = await harness()
})
afterAll(() => h.close())

const FAILURES: Array<[string, string, string | null]> = [
  ['101', 'account_closed', 'AC04'],
  ['102', 'account_blocked', 'AC06'],
  ['103', 'invalid_account_format', 'AC01'],
  ['104', 'invalid_instruction', 'AG01'],
  ['105', 'insufficient_funds', 'AM04'],
  ['106', 'invalid_amount', 'AM02'],
  ['107', 'invalid_time', 'TM01'],
  ['108', 'duplicate_transaction', 'AM05'],
  ['109', 'payee_verification_failed', null],
  ['110', 'system_error', null],
  ['111', 'provider_system_error', 'AB06'],
  ['112', 'rejected_by_correspondent_bank', 'MS03'],
  ['113', 'blocked_by_review', 'RR04'],
  ['114', 'unknown', 'CNOR'],
]

const MAGIC_IBAN: Record<string, string> = {
  '101': 'DE66100000000000000101', '102': 'DE39100000000000000102', '103': 'DE12100000000000000103',
  '104': 'DE82100000000000000104', '105': 'DE55100000000000000105', '106': 'DE28100000000000000106',
  '107': 'DE98100000000000000107', '108': 'DE71100000000000000108', '109': 'DE44100000000000000109',
  '110': 'DE17100000000000000110', '111': 'DE87100000000000000111', '112': 'DE60100000000000000112',
  '113': 'DE33100000000000000113', '114': 'DE06100000000000000114', '201': 'DE82100000000000000201',
  '202': 'DE55100000000000000202', '203': 'DE28100000000000000203', '204': 'DE98100000000000000204',
  '205': 'DE71100000000000000205',
}
const ukIban = (code: string) => `GB${MAGIC_IBAN[code]!.slice(2, 4)}SAND00000000000${code}`

function destinations(code: string) {
  return [
    ['EUR IBAN', 'EUR', { type: 'iban', iban: { iban: MAGIC_IBAN[code], accountHolderName: 'Magic Test' } }],
    ['GBP sort code', 'GBP', { type: 'sort_code', sortCode: { sortCode: '000000', accountNumber: `00000${code}`, accountHolderName: 'Magic Test' } }],
    ['GBP GB IBAN', 'GBP', { type: 'iban', iban: { iban: ukIban(code), accountHolderName: 'Magic Test' } }],
  ] as const
}

async function payTo(currency: string, financialAddress: unknown) {
  const res = await h.post('/api/service/payout/create', { amount: 12.34, currency, destination: { financialAddress } })
  expect(res.status).toBe(200)
  return res.body.id as string
}

const retrieve = async (id: string) => (await h.post('/api/service/payout/retrieve', { id })).body
const journal = async (id: string) => (await h.get(`/sandbox/events?payoutId=${id}`)).body.items

describe('magic values of default.yaml', () => {
  it('magic IBANs pass the checksum, so validation never hides them', async () => {
    const { isValidIBAN } = await import('ibantools')
    for (const code of Object.keys(MAGIC_IBAN)) {
      expect(isValidIBAN(MAGIC_IBAN[code]!)).toBe(true)
      expect(isValidIBAN(ukIban(code))).toBe(true)
    }
  })

  describe.each(FAILURES)('account %s fails with %s', (code, failure, reason) => {
    it.each(destinations(code).filter((d) => code !== '205' || d[1] === 'EUR'))('%s', async (_, currency, address) => {
      const id = await payTo(currency, address)
      await h.advance('1h')
      const payout = await retrieve(id)
      expect(payout.status).toBe('failed')
      expect(payout.failure.code).toBe(failure)
      const last = (await journal(id))[0]
      expect(last).toMatchObject({ to: 'failed', failureCode: failure, reasonCode: reason, source: 'simulator' })
      expect(last.rule).toMatch(/^magic-/)
    })
  })

  it.each(destinations('201'))('account 201 (%s) stays pending and is canceled when it expires after 30 minutes', async (_, currency, address) => {
    const id = await payTo(currency, address)
    await h.advance('29m')
    expect((await retrieve(id)).status).toBe('pending')
    await h.advance('1m')
    expect((await retrieve(id)).status).toBe('canceled')
  })

  it.each(destinations('202'))('account 202 (%s) is held in transit for 2 hours, then paid', async (_, currency, address) => {
    const id = await payTo(currency, address)
    await h.advance('1h')
    expect((await retrieve(id)).status).toBe('in_transit')
    await h.advance('1h1m')
    expect((await retrieve(id)).status).toBe('paid')
  })

  it.each(destinations('203'))('account 203 (%s) is paid, then returned 3 days later', async (_, currency, address) => {
    const id = await payTo(currency, address)
    await h.advance('1m')
    expect((await retrieve(id)).status).toBe('paid')
    await h.advance('3d')
    const payout = await retrieve(id)
    expect(payout.status).toBe('failed')
    expect(payout.failure.code).toBe('duplicate_transaction')
    expect(payout.transactionId).toEqual(expect.any(String))
    expect((await journal(id))[0]).toMatchObject({ from: 'paid', to: 'failed', reasonCode: 'FOCR' })
  })

  it.each(destinations('204'))('account 204 (%s) stays in transit until a sandbox tool decides', async (_, currency, address) => {
    const id = await payTo(currency, address)
    await h.advance('30d')
    expect((await retrieve(id)).status).toBe('in_transit')
    expect((await h.post(`/sandbox/payouts/${id}/force`, { status: 'paid' })).body.status).toBe('paid')
  })

  it('account 205 falls back to standard SEPA and settles the next business day at 09:00', async () => {
    const other = h.newMerchant({ clock: { mode: 'frozen', now: '2026-03-06T16:00:00Z' } })
    const res = await h.post('/api/service/payout/create', { amount: 5, currency: 'EUR', destination: { financialAddress: destinations('205')[0][2] } }, { key: other.key })
    await h.advance('2d', other.key)
    expect((await h.post('/api/service/payout/retrieve', { id: res.body.id }, { key: other.key })).body.status).toBe('in_transit')
    const { body } = await h.advance('1d', other.key)
    expect(body.fired.at(-1)).toMatchObject({ payoutId: res.body.id, to: 'paid', at: '2026-03-09T09:00:00.000Z' })
  })

  it.each([
    ['No Match Person', 'no_match', undefined],
    ['Close Match Jane', 'partial_match', 'Close Match Holder'],
    ['Unavailable Bank Customer', 'not_available', undefined],
    ['Jane Doe', 'match', undefined],
  ])('payee/verify answers for "%s": %s', async (name, status, suggested) => {
    const res = await h.post('/api/service/payee/verify', { payee: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: name } } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(suggested ? { status, suggestedAccountHolderName: suggested } : { status })
  })

  it('a payout to a name that does not match fails with payee_verification_failed', async () => {
    const id = await payTo('EUR', { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'No Match Person' } })
    await h.advance('1m')
    expect((await retrieve(id)).failure.code).toBe('payee_verification_failed')
  })
})
