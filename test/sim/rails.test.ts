// Each rail's default timing in the shipped default scenario, on a frozen clock across
// weekends and holidays; `businessDays` counting on the payout's rail calendar; the `rail`
// condition matching the rail the sandbox picked.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, IBAN, openLoop, type Harness } from '../helpers/harness.js'

let h: Harness
afterEach(() => h?.close())

const BALANCES = { EUR: 1_000_000, GBP: 1_000_000, USD: 1_000_000, USDC: 1_000_000 }
const ETH_ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
const SOL_ADDRESS = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v'

const at = (iso: string) => ({ merchant: { balances: BALANCES, clock: { mode: 'frozen' as const, now: iso } } })
const toUsd = (rail?: string) => ({
  amount: 10,
  currency: 'USD',
  destination: { financialAddress: { type: 'aba', aba: { accountNumber: '000123456789', routingNumber: '021000021', accountHolderName: 'Jane Doe' } } },
  ...(rail ? { rail } : {}),
})
const toGbp = (rail?: string) => ({
  amount: 10,
  currency: 'GBP',
  destination: { financialAddress: { type: 'sort_code', sortCode: { sortCode: '202015', accountNumber: '55555555', accountHolderName: 'Jane Doe' } } },
  ...(rail ? { rail } : {}),
})
const toWallet = (blockchain: string) => ({
  amount: 10,
  currency: 'USDC',
  destination: { financialAddress: { type: 'wallet', wallet: { address: blockchain.startsWith('SOL') ? SOL_ADDRESS : ETH_ADDRESS, blockchain } } },
})

interface Event {
  from: string | null
  to: string
  at: string
  rule: string
  reasonCode: string | null
}

async function create(body: unknown): Promise<string> {
  const res = await h.post('/api/service/payout/create', body)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.id
}

async function history(id: string): Promise<Event[]> {
  const { body } = await h.get(`/sandbox/events?payoutId=${id}`)
  return (body.items as Event[]).reverse()
}

const settledAt = async (id: string) => (await history(id)).at(-1)!

describe('the default scenario, rail by rail', () => {
  it('SEPA on Maundy Thursday settles on Easter Tuesday at 09:00 UTC (Good Friday and Easter Monday are TARGET holidays)', async () => {
    h = await harness(at('2026-04-02T16:00:00Z'))
    const ids = await Promise.all(Array.from({ length: 5 }, () => create(openLoop(10, IBAN.DE, { rail: 'SEPA' }))))
    await h.advance('6d')
    for (const id of ids) expect(await settledAt(id)).toMatchObject({ at: '2026-04-07T09:00:00.000Z', rule: expect.stringMatching(/^sepa#/) })
  })

  it('SEPA on a Friday settles on Monday', async () => {
    h = await harness(at('2026-03-27T11:00:00Z'))
    const id = await create(openLoop(10, IBAN.DE, { rail: 'SEPA' }))
    await h.advance('4d')
    expect(await settledAt(id)).toMatchObject({ at: '2026-03-30T09:00:00.000Z' })
  })

  it('TARGET before the cut-off settles within minutes the same day', async () => {
    h = await harness(at('2026-03-04T10:00:00Z'))
    const id = await create(openLoop(10, IBAN.DE, { rail: 'TARGET' }))
    await h.advance('1d')
    const settled = Date.parse((await settledAt(id)).at)
    expect(settled).toBeGreaterThan(Date.parse('2026-03-04T10:01:00Z'))
    expect(settled).toBeLessThan(Date.parse('2026-03-04T10:12:00Z'))
  })

  it('TARGET after the cut-off (17:00 CET) settles after the next opening (07:00 CET)', async () => {
    h = await harness(at('2026-03-04T16:30:00Z'))
    const id = await create(openLoop(10, IBAN.DE, { rail: 'TARGET' }))
    await h.advance('2d')
    const settled = Date.parse((await settledAt(id)).at)
    expect(settled).toBeGreaterThan(Date.parse('2026-03-05T06:01:00Z'))
    expect(settled).toBeLessThanOrEqual(Date.parse('2026-03-05T06:10:00Z'))
  })

  it('TARGET on Maundy Thursday evening settles on Easter Tuesday morning (CEST)', async () => {
    h = await harness(at('2026-04-02T18:00:00Z'))
    const id = await create(openLoop(10, IBAN.DE, { rail: 'TARGET' }))
    await h.advance('6d')
    expect((await settledAt(id)).at.slice(0, 14)).toBe('2026-04-07T05:')
  })

  it('SWIFT (the usual USD rail): mostly the same day, a tail of business days on the Fed calendar, correspondent rejections', async () => {
    // Friday before Memorial Day: D+1 is Tuesday, D+2 Wednesday.
    h = await harness(at('2026-05-22T10:00:00Z'))
    const ids: string[] = []
    for (let i = 0; i < 300; i++) ids.push(await create(toUsd()))
    await h.advance('15d')
    const days: Record<string, string> = { 'swift#d1': '2026-05-26', 'swift#d2': '2026-05-27', 'swift#d3': '2026-05-28', 'swift#d4': '2026-05-29', 'swift#d5': '2026-06-01' }
    const counts: Record<string, number> = {}
    for (const id of ids) {
      const last = await settledAt(id)
      counts[last.rule] = (counts[last.rule] ?? 0) + 1
      if (days[last.rule]) expect(last).toMatchObject({ to: 'paid', at: expect.stringMatching(new RegExp(`^${days[last.rule]}T10:00`)) })
      if (last.rule === 'swift#same-day') expect(last.at.slice(0, 10)).toBe('2026-05-22')
      if (last.to === 'failed') expect(['MS03', 'AC01']).toContain(last.reasonCode)
    }
    expect(counts['swift#same-day']).toBeGreaterThan(180)
    expect(counts['swift#same-day']).toBeLessThan(240)
    expect((counts['swift#d1'] ?? 0) + (counts['swift#d2'] ?? 0)).toBeGreaterThan(50)
    expect((counts['swift#d3'] ?? 0) + (counts['swift#d4'] ?? 0) + (counts['swift#d5'] ?? 0)).toBeGreaterThan(3)
  })

  it('INTERNAL is paid in under a second, on a Sunday', async () => {
    h = await harness(at('2026-03-08T10:00:00Z'))
    const id = await create(toGbp('INTERNAL'))
    await h.advance('1s')
    expect(await history(id)).toEqual([expect.objectContaining({ to: 'pending' }), expect.objectContaining({ to: 'paid', rule: 'internal' })])
  })

  it.each([
    ['ETH', 10 * 60_000, 20 * 60_000],
    ['ETH-SEPOLIA', 10 * 60_000, 20 * 60_000],
    ['SOL', 8_000, 60_000],
    ['MATIC-AMOY', 2_000, 30_000],
  ])('%s confirms between %i and %i ms, on Christmas Day too', async (chain, min, max) => {
    h = await harness(at('2026-12-25T10:00:00Z'))
    const ids: string[] = []
    for (let i = 0; i < 20; i++) ids.push(await create(toWallet(chain)))
    await h.advance('1h')
    for (const id of ids) {
      const last = await settledAt(id)
      if (last.to === 'failed') continue // rare provider errors
      const took = Date.parse(last.at) - Date.parse('2026-12-25T10:00:00Z')
      expect(took).toBeGreaterThan(min)
      expect(took).toBeLessThan(max)
    }
  })

  it('the magic values keep winning over the rail timing', async () => {
    h = await harness(at('2026-03-04T10:00:00Z'))
    const id = await create(openLoop(10, 'DE66100000000000000101', { rail: 'SWIFT' }))
    await h.advance('1m')
    expect(await settledAt(id)).toMatchObject({ to: 'failed', rule: 'magic-account-closed', reasonCode: 'AC04' })
  })
})

describe('scenario rules and the rail', () => {
  const SCENARIO = `
name: rail-calendars
seed: 1
rules:
  - { name: picked-fps, when: { rail: FASTER_PAYMENTS, railAsked: false }, then: &d1 { steps: [{ after: { businessDays: 1 }, status: paid }] } }
  - { name: asked, when: { railAsked: true }, then: *d1 }
default: *d1
`
  it.each([
    ['Faster Payments on the UK calendar (Boxing Day substitute on the 28th)', toGbp(), 'picked-fps', '2026-12-29'],
    ['SWIFT GBP on the UK calendar', toGbp('SWIFT'), 'asked', '2026-12-29'],
    ['SWIFT EUR on TARGET', openLoop(10, IBAN.DE, { rail: 'SWIFT' }), 'asked', '2026-12-28'],
    ['SWIFT USD on the Fed calendar', toUsd('SWIFT'), 'asked', '2026-12-28'],
    ['SEPA Instant (picked) on TARGET', openLoop(10), 'default', '2026-12-28'],
    ['a chain every day', toWallet('MATIC'), 'default', '2026-12-25'],
  ])('businessDays counts on the rail calendar: %s', async (_, body, rule, day) => {
    h = await harness(at('2026-12-24T12:00:00Z'))
    expect((await h.request('PUT', '/sandbox/scenario', { yaml: SCENARIO })).status).toBe(200)
    const id = await create(body)
    await h.advance('10d')
    expect(await settledAt(id)).toMatchObject({ rule, at: `${day}T12:00:00.000Z` })
  })
})

describe('the whenOpen delay', () => {
  it.each([
    ['a business-day count inside whenOpen', '{ whenOpen: { businessDays: 1 } }'],
    ['a bad duration', '{ whenOpen: 5 minutes }'],
  ])('refuses %s', async (_, delay) => {
    h = await harness()
    const res = await h.request('PUT', '/sandbox/scenario', { yaml: `name: bad\nseed: 1\ndefault: { steps: [{ after: ${delay}, status: paid }] }\n` })
    expect(res.status).toBe(400)
  })

  it('on a rail without hours (SEPA Instant) counts from now, on a Sunday too', async () => {
    h = await harness(at('2026-03-08T10:00:00Z'))
    await h.request('PUT', '/sandbox/scenario', { yaml: 'name: open\nseed: 1\ndefault: { steps: [{ after: { whenOpen: 5m }, status: paid }] }\n' })
    const instant = await create(openLoop(10))
    const target = await create(openLoop(10, IBAN.DE, { rail: 'TARGET' }))
    await h.advance('2d')
    expect(await settledAt(instant)).toMatchObject({ at: '2026-03-08T10:05:00.000Z' })
    expect(await settledAt(target)).toMatchObject({ at: '2026-03-09T06:05:00.000Z' })
  })
})
