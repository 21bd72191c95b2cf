// Every value of the SDK's `rail` enum on payout/create: accepted where it carries the payout's
// currency to its destination, a 400 with param rail otherwise; the rail picked when none is
// named; wallet chains and addresses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RAILS } from '../../src/rails/registry.js'
import { harness, IBAN, type Harness } from '../helpers/harness.js'

let h: Harness
beforeAll(async () => {
  h = await harness()
})
afterAll(() => h.close())

const ETH_ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' // EIP-55 test vector
const SOL_ADDRESS = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v' // the USDC mint

const iban = { type: 'iban', iban: { iban: IBAN.DE, accountHolderName: 'Jane Doe' } }
const sortCode = { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'Jane Doe' } }
const aba = { type: 'aba', aba: { accountNumber: '000123456789', routingNumber: '021000021', accountHolderName: 'Jane Doe' } }
const wallet = (blockchain: string, address = blockchain.startsWith('SOL') ? SOL_ADDRESS : ETH_ADDRESS) => ({ type: 'wallet', wallet: { address, blockchain } })

const payout = (currency: string, financialAddress: unknown, rail?: string) => ({
  amount: 10,
  currency,
  destination: { financialAddress },
  ...(rail === undefined ? {} : { rail }),
})

/** For each rail: a payout it carries, and one it does not with the words the refusal must name. */
const CASES: Record<(typeof RAILS)[number], { fits: Array<[string, unknown]>; misfit?: [string, unknown, string] }> = {
  SEPA_INSTANT: { fits: [['EUR', iban]], misfit: ['GBP', sortCode, 'carries EUR'] },
  FASTER_PAYMENTS: { fits: [['GBP', sortCode], ['GBP', { type: 'iban', iban: { iban: IBAN.GB, accountHolderName: 'J' } }]], misfit: ['EUR', iban, 'carries GBP'] },
  SEPA: { fits: [['EUR', iban]], misfit: ['USD', aba, 'carries EUR'] },
  ELIXIR: { fits: [], misfit: ['EUR', iban, 'carries PLN'] },
  EXPRESS_ELIXIR: { fits: [], misfit: ['EUR', iban, 'carries PLN'] },
  SEK_ACCOUNT_TO_ACCOUNT: { fits: [], misfit: ['EUR', iban, 'carries SEK'] },
  SUMCLEARING: { fits: [], misfit: ['EUR', iban, 'carries DKK'] },
  STRAKSCLEARING: { fits: [], misfit: ['GBP', sortCode, 'carries DKK'] },
  SWIFT: { fits: [['USD', aba], ['EUR', iban], ['GBP', sortCode], ['USD', iban]], misfit: ['USDC', wallet('ETH'), 'carries EUR, GBP or USD'] },
  INTERNAL: { fits: [['EUR', iban], ['GBP', sortCode], ['USD', aba], ['USDC', wallet('SOL')]] },
  TARGET: { fits: [['EUR', iban]], misfit: ['EUR', sortCode, 'to iban or bban accounts, not sort_code'] },
  ETH: { fits: [['USDC', wallet('ETH')]], misfit: ['EUR', iban, 'carries USDC'] },
  'ETH-SEPOLIA': { fits: [['USDC', wallet('ETH-SEPOLIA')]], misfit: ['USDC', wallet('ETH'), 'cannot pay a wallet on ETH'] },
  SOL: { fits: [['USDC', wallet('SOL')]], misfit: ['USDC', wallet('MATIC'), 'cannot pay a wallet on MATIC'] },
  'SOL-DEVNET': { fits: [['USDC', wallet('SOL-DEVNET')]], misfit: ['USD', aba, 'carries USDC'] },
  MATIC: { fits: [['USDC', wallet('MATIC')]], misfit: ['GBP', sortCode, 'carries USDC'] },
  'MATIC-AMOY': { fits: [['USDC', wallet('MATIC-AMOY')]], misfit: ['USDC', wallet('SOL'), 'cannot pay a wallet on SOL'] },
}

describe('every SDK rail', () => {
  it('the table covers all 17 rails', () => {
    expect(Object.keys(CASES).sort()).toEqual([...RAILS].sort())
    expect(RAILS).toHaveLength(17)
  })

  const fits = Object.entries(CASES).flatMap(([rail, c]) => c.fits.map(([currency, address]) => [rail, currency, address] as const))
  it.each(fits)('%s carries %s', async (rail, currency, address) => {
    const res = await h.post('/api/service/payout/create', payout(currency, address, rail))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.status).toBe('pending')
    expect(res.body).not.toHaveProperty('rail')
  })

  const misfits = Object.entries(CASES).flatMap(([rail, c]) => (c.misfit ? [[rail, ...c.misfit] as const] : []))
  it.each(misfits)('%s refuses a %s payout with param rail', async (rail, currency, address, words) => {
    const res = await h.post('/api/service/payout/create', payout(currency, address, rail))
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', param: 'rail' })
    expect(res.body.message).toContain(words)
  })

  it('the PLN, SEK and DKK rails name the rails of the payout currency', async () => {
    const res = await h.post('/api/service/payout/create', payout('EUR', iban, 'ELIXIR'))
    expect(res.body.message).toBe('ELIXIR carries PLN, not EUR; EUR payouts take SEPA_INSTANT, SEPA, SWIFT, INTERNAL or TARGET')
  })

  it.each([
    ['EUR', wallet('ETH'), 'EUR payouts go to bank accounts, not wallets'],
    ['USDC', iban, 'USDC payouts go to wallet accounts'],
  ])('INTERNAL carries every currency, but %s not to %j', async (currency, address, message) => {
    const res = await h.post('/api/service/payout/create', payout(currency, address, 'INTERNAL'))
    expect(res.body).toMatchObject({ param: 'destination.financialAddress.type', message })
  })

  it('an unknown rail is still a 400 on rail', async () => {
    expect((await h.post('/api/service/payout/create', payout('EUR', iban, 'PIGEON'))).body).toMatchObject({ param: 'rail' })
  })

  it('a closed-loop payout checks the rail against the order payer account', async () => {
    const order = (await h.post('/sandbox/orders', { amount: 50, currency: 'USDC' })).body
    expect((await h.post('/api/service/payout/create', { amount: 1, currency: 'USDC', destination: { orderId: order.id }, rail: 'ETH' })).status).toBe(200)
    const refused = await h.post('/api/service/payout/create', { amount: 1, currency: 'USDC', destination: { orderId: order.id }, rail: 'SOL' })
    expect(refused.body).toMatchObject({ param: 'rail' })
  })
})

describe('without a rail', () => {
  it.each([
    ['EUR', iban],
    ['GBP', sortCode],
    ['USD', aba],
    ['USD', iban],
    ['USDC', wallet('SOL-DEVNET')],
  ])('%s to %j is accepted on its usual rail', async (currency, address) => {
    expect((await h.post('/api/service/payout/create', payout(currency, address))).status).toBe(200)
  })

  it.each([
    ['EUR', sortCode, 'EUR payouts go to iban or bban accounts (name rail SWIFT or INTERNAL for sort_code accounts)'],
    ['USDC', iban, 'USDC payouts go to wallet accounts'],
  ])('%s to %j: the usual rail does not reach it', async (currency, address, message) => {
    const res = await h.post('/api/service/payout/create', payout(currency, address))
    expect(res.body).toMatchObject({ param: 'destination.financialAddress.type', message })
  })
})

describe('wallets', () => {
  it.each([
    ['an EIP-55 mixed-case address', 'ETH', ETH_ADDRESS],
    ['an all-lowercase address', 'MATIC', ETH_ADDRESS.toLowerCase()],
    ['an all-uppercase address', 'ETH-SEPOLIA', `0x${ETH_ADDRESS.slice(2).toUpperCase()}`],
    ['another EIP-55 vector', 'MATIC-AMOY', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359'],
    ['a Solana public key', 'SOL', SOL_ADDRESS],
    ['the Solana system program', 'SOL-DEVNET', '11111111111111111111111111111111'],
  ])('%s on %s is accepted', async (_, blockchain, address) => {
    const res = await h.post('/api/service/payout/create', payout('USDC', wallet(blockchain, address)))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.destination.wallet).toEqual({ address, blockchain })
  })

  it.each([
    ['a chain outside the enum', 'DOGE', ETH_ADDRESS, 'blockchain'],
    ['a lowercase chain name', 'ethereum', ETH_ADDRESS, 'blockchain'],
    ['a bad EIP-55 checksum', 'ETH', ETH_ADDRESS.replace('aAeb', 'aaeb'), 'address'],
    ['too few hex digits', 'ETH', ETH_ADDRESS.slice(0, 40), 'address'],
    ['no 0x', 'MATIC', ETH_ADDRESS.slice(2), 'address'],
    ['a Solana address on Ethereum', 'ETH', SOL_ADDRESS, 'address'],
    ['an Ethereum address on Solana', 'SOL', ETH_ADDRESS, 'address'],
    ['base58 that is not 32 bytes', 'SOL', 'z'.repeat(44), 'address'],
    ['a character outside base58', 'SOL-DEVNET', `0${SOL_ADDRESS.slice(1)}`, 'address'],
  ])('%s is a 400 on wallet.%s', async (_, blockchain, address, field) => {
    const res = await h.post('/api/service/payout/create', payout('USDC', wallet(blockchain, address)))
    expect(res.status).toBe(400)
    expect(res.body.param).toBe(`destination.financialAddress.wallet.${field}`)
  })
})
