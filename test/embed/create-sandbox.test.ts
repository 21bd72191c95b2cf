// The README's example, as a user writes it: the package imported by name, a payout made over
// HTTP, the clock advanced 6 days, the status asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from 'ivy-sandbox'

describe('createSandbox() from a test suite', () => {
  let sandbox: Awaited<ReturnType<typeof createSandbox>>

  beforeAll(async () => {
    sandbox = await createSandbox({ clock: { mode: 'frozen', now: '2026-03-02T10:00:00Z' } })
  })
  afterAll(() => sandbox.close())

  const ivy = async (path: string, body: unknown) => {
    const res = await fetch(`${sandbox.url}/api/service/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ivy-Api-Key': sandbox.apiKey },
      body: JSON.stringify(body),
    })
    return res.json()
  }

  it('pays a payout once the clock has moved on', async () => {
    const payout = await ivy('payout/create', {
      amount: 25,
      currency: 'EUR',
      destination: { financialAddress: { type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: 'Jane Doe' } } },
    })
    expect(payout.status).toBe('pending')

    await sandbox.clock.advance('6d')

    expect((await ivy('payout/retrieve', { id: payout.id })).status).toBe('paid')
  })

  it('answers its clock, and each sandbox is its own', async () => {
    expect(sandbox.clock.now().toISOString()).toBe('2026-03-08T10:00:00.000Z')
    const other = await createSandbox()
    try {
      expect(other.apiKey).not.toBe(sandbox.apiKey)
      expect(other.url).not.toBe(sandbox.url)
      const res = await fetch(`${other.url}/api/service/payout/list`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Ivy-Api-Key': sandbox.apiKey },
        body: '{}',
      })
      expect(res.status).toBe(401)
    } finally {
      await other.close()
    }
  })

  it('advance reports what fired; freeze and resume switch the mode', async () => {
    const payout = await ivy('payout/create', {
      amount: 5,
      currency: 'GBP',
      destination: { financialAddress: { type: 'sort_code', sortCode: { sortCode: '000000', accountNumber: '00000101', accountHolderName: 'Magic' } } },
    })
    const { fired } = await sandbox.clock.advance('1m')
    expect(fired.filter((f) => f.payoutId === payout.id).map((f) => f.to)).toEqual(['in_transit', 'failed'])
    expect(fired[0]!.at).toBeInstanceOf(Date)
    const resumed = await sandbox.clock.resume()
    const frozen = await sandbox.clock.freeze()
    expect(frozen.getTime()).toBeGreaterThanOrEqual(resumed.getTime())
  })
})

describe('createSandbox() refuses mistakes with the API\'s own errors', () => {
  it.each([
    ['a clock time that is no time', { clock: { mode: 'frozen' as const, now: 'not a date' } }, 'clock.now'],
    ['an invalid Date', { clock: { mode: 'frozen' as const, now: new Date(Number.NaN) } }, 'clock.now'],
    ['an unknown scenario', { scenario: 'nope' }, 'scenario'],
    ['a negative balance', { balances: { EUR: -1 } }, 'balances.EUR'],
  ])('%s', async (_, options, param) => {
    await expect(createSandbox(options)).rejects.toMatchObject({ name: 'ApiError', status: 400, param })
  })

  it('a clock move it cannot make throws, and the clock stays where it was', async () => {
    const sandbox = await createSandbox({ clock: { mode: 'frozen', now: '2026-03-02T10:00:00Z' } })
    try {
      await expect(sandbox.clock.advance('1y')).rejects.toMatchObject({ status: 400, param: 'by', message: expect.stringMatching(/^by: must be/) })
      await expect(sandbox.clock.advance('bogus')).rejects.toMatchObject({ status: 400, param: 'by' })
      await expect(sandbox.clock.advance(new Date(Number.NaN))).rejects.toMatchObject({ status: 400, param: 'to' })
      await expect(sandbox.clock.advance(new Date('2026-03-01T00:00:00Z'))).rejects.toMatchObject({ status: 400, param: 'to' })
      await expect(sandbox.clock.resume(-2)).rejects.toMatchObject({ status: 400, param: 'speed' })
      expect(sandbox.clock.now().toISOString()).toBe('2026-03-02T10:00:00.000Z')
    } finally {
      await sandbox.close()
    }
  })
})
