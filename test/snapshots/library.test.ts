// The library's snapshot: sandbox.snapshot() is the whole sandbox as bytes, and
// createSandbox({ from }) starts a new one from them with the same merchant, payouts and clock.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSandbox, type Sandbox } from '../../src/index.js'
import { openLoop, T0 } from '../helpers/harness.js'

const open: Sandbox[] = []
let dir: string | undefined
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

async function start(options: Parameters<typeof createSandbox>[0]) {
  const sandbox = await createSandbox(options)
  open.push(sandbox)
  return sandbox
}

const ivy = async (sandbox: Sandbox, path: string, body: unknown) => {
  const res = await fetch(`${sandbox.url}/api/service/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ivy-Api-Key': sandbox.apiKey },
    body: JSON.stringify(body),
  })
  return res.json() as Promise<any>
}

describe('sandbox.snapshot() and createSandbox({ from })', () => {
  it('starts from the bytes with the same merchant, payouts, balances, clock and pending work', async () => {
    const seeded = await start({ scenario: 'always-paid', clock: { mode: 'frozen', now: T0 } })
    const payout = await ivy(seeded, 'payout/create', openLoop(25))
    const bytes = seeded.snapshot()
    expect(bytes).toBeInstanceOf(Uint8Array)

    const copy = await start({ from: bytes })
    expect({ apiKey: copy.apiKey, merchantId: copy.merchantId, webhookSecret: copy.webhookSecret }).toEqual({
      apiKey: seeded.apiKey,
      merchantId: seeded.merchantId,
      webhookSecret: seeded.webhookSecret,
    })
    expect(copy.clock.now().toISOString()).toBe(T0)
    expect(await ivy(copy, 'payout/list', {})).toEqual(await ivy(seeded, 'payout/list', {}))
    expect(await ivy(copy, 'balance/retrieve', { currency: 'EUR' })).toEqual({ balances: [{ available: 9975, currency: 'EUR' }] })

    // Pending work came along; each sandbox goes on alone.
    const { fired } = await copy.clock.advance('1m')
    expect(fired.map((f) => [f.payoutId, f.to])).toEqual([
      [payout.id, 'in_transit'],
      [payout.id, 'paid'],
    ])
    expect((await ivy(seeded, 'payout/retrieve', { id: payout.id })).status).toBe('pending')
  })

  it('snapshots a file-backed sandbox too (its WAL-mode image opens from memory)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-snapshot-lib-'))
    const seeded = await start({ db: join(dir, 'sandbox.db'), clock: { mode: 'frozen', now: T0 } })
    const payout = await ivy(seeded, 'payout/create', openLoop(10))
    const copy = await start({ from: seeded.snapshot() })
    expect(copy.apiKey).toBe(seeded.apiKey)
    expect((await ivy(copy, 'payout/retrieve', { id: payout.id })).id).toBe(payout.id)
  })

  it('refuses merchant options next to from, with the API error', async () => {
    const seeded = await start({})
    await expect(createSandbox({ from: seeded.snapshot(), scenario: 'always-paid' })).rejects.toMatchObject({ name: 'ApiError', status: 400, param: 'scenario' })
  })
})
