// The scheduler's cost does not grow with idle merchants: with 2,000 realtime merchants that
// have nothing scheduled, its looks read no merchant row, while a realtime merchant's payout is
// still paid at the wall time its steps fall due, with no request to catch it up. A frozen
// clock never wakes by wall time; resuming it (or changing its speed), advancing it and
// restarting the sandbox each set the wake again. Timers and the wall clock are faked, so wall
// time passes without waiting.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { harness, openLoop, T0, type Harness, type HarnessOptions } from '../helpers/harness.js'

let h: Harness | undefined
let dir: string | undefined
afterEach(async () => {
  vi.useRealTimers()
  await h?.close()
  h = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** A sandbox whose wall clock and timers are fake from here on (its scheduler not started yet). */
async function fakeTimeSandbox(options: HarnessOptions = {}) {
  h = await harness({ wall: () => Date.now(), merchant: { scenario: 'always-paid', clock: { mode: 'realtime', now: T0 } }, ...options })
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  return h
}

type Method = 'get' | 'all'

/** Merchant rows SQLite hands back (to anyone) while `during` runs. */
async function merchantRowsRead(sandbox: Harness, during: () => Promise<unknown>): Promise<number> {
  const proto = Object.getPrototypeOf(sandbox.rt.db.sqlite.prepare('select 1'))
  const originals = { get: proto.get, all: proto.all }
  let rows = 0
  for (const method of ['get', 'all'] as Method[]) {
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const result = originals[method].apply(this, args)
      if (/\bfrom "?merchants"?/i.test(this.source)) rows += Array.isArray(result) ? result.length : result === undefined ? 0 : 1
      return result
    }
  }
  try {
    await during()
  } finally {
    Object.assign(proto, originals)
  }
  return rows
}

/** A payout's status read from the database, not through a request (which would catch it up). */
function statusOf(sandbox: Harness, payoutId: string): string {
  return (sandbox.rt.db.sqlite.prepare('select status from payouts where id = ?').get(payoutId) as { status: string }).status
}

/** Wall milliseconds from now until the merchant's clock reaches the payout's last scheduled step. */
function wallUntilLastStep(sandbox: Harness, payoutId: string, speed = 1): number {
  const { due } = sandbox.rt.db.sqlite.prepare('select max(due_at) due from jobs where subject_id = ?').get(payoutId) as { due: number }
  const { now } = sandbox.rt.db.sqlite.prepare('select clock_now + (? - clock_wall) * clock_speed now from merchants where id = ?').get(Date.now(), sandbox.merchant.id) as {
    now: number
  }
  return Math.ceil((due - now) / speed)
}

describe('an idle sandbox', () => {
  it('with 2,000 idle realtime merchants reads no merchant row while waiting, and pays a realtime payout on time without a request', async () => {
    const sandbox = await fakeTimeSandbox()
    for (let i = 0; i < 2_000; i++) {
      const created = await sandbox.post('/sandbox/merchants', { clock: { mode: 'realtime' } }, { key: null })
      expect(created.status).toBe(200)
    }
    sandbox.rt.scheduler.start()
    expect(await merchantRowsRead(sandbox, () => vi.advanceTimersByTimeAsync(3_000))).toBe(0)

    const { body: payout } = await sandbox.post('/api/service/payout/create', openLoop(5))
    expect(payout.status).toBe('pending')
    const dueIn = wallUntilLastStep(sandbox, payout.id)
    const read = await merchantRowsRead(sandbox, async () => {
      await vi.advanceTimersByTimeAsync(dueIn - 1)
      expect(statusOf(sandbox, payout.id)).toBe('in_transit')
      // Due now: paid at the next look, a few milliseconds on at most.
      await vi.advanceTimersByTimeAsync(10)
      expect(statusOf(sandbox, payout.id)).toBe('paid')
      await vi.advanceTimersByTimeAsync(3_000)
    })
    // Its own row at each of its two wakes (and the steps' own reads), not the idle ones.
    expect(read).toBeGreaterThan(0)
    expect(read).toBeLessThan(20)
  })

  it('a frozen clock never wakes by wall time; resuming it, sped up, wakes it at the new time', async () => {
    const sandbox = await fakeTimeSandbox()
    sandbox.rt.scheduler.start()
    const { body: payout } = await sandbox.post('/api/service/payout/create', openLoop(5))
    expect((await sandbox.post('/sandbox/clock/freeze')).body.mode).toBe('frozen')
    expect(await merchantRowsRead(sandbox, () => vi.advanceTimersByTimeAsync(60_000))).toBe(0)
    expect(statusOf(sandbox, payout.id)).toBe('pending')

    expect((await sandbox.post('/sandbox/clock/resume', { speed: 100 })).body.mode).toBe('realtime')
    const dueIn = wallUntilLastStep(sandbox, payout.id, 100)
    await vi.advanceTimersByTimeAsync(dueIn - 1)
    expect(statusOf(sandbox, payout.id)).not.toBe('paid')
    await vi.advanceTimersByTimeAsync(10)
    expect(statusOf(sandbox, payout.id)).toBe('paid')
  })

  it('an advance that leaves a step still to come wakes the merchant for it', async () => {
    const sandbox = await fakeTimeSandbox()
    sandbox.rt.scheduler.start()
    const { body: payout } = await sandbox.post('/api/service/payout/create', openLoop(5))
    const [first] = sandbox.rt.db.sqlite.prepare('select due_at from jobs where subject_id = ? order by due_at').pluck().all(payout.id) as number[]
    // Just past the first step: it fires in the advance, the second is left to wall time.
    await sandbox.post('/sandbox/clock/advance', { to: new Date(first! + 1).toISOString() })
    expect(statusOf(sandbox, payout.id)).toBe('in_transit')
    const dueIn = wallUntilLastStep(sandbox, payout.id)
    await vi.advanceTimersByTimeAsync(dueIn - 1)
    expect(statusOf(sandbox, payout.id)).toBe('in_transit')
    await vi.advanceTimersByTimeAsync(10)
    expect(statusOf(sandbox, payout.id)).toBe('paid')
  })

  it('after a restart, a realtime merchant wakes for the steps the previous run left', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-idle-'))
    const db = join(dir, 'sandbox.db')
    const first = await fakeTimeSandbox({ db })
    const { body: payout } = await first.post('/api/service/payout/create', openLoop(5))
    const dueIn = wallUntilLastStep(first, payout.id)
    await first.close()

    h = await harness({ db, wall: () => Date.now() })
    h.rt.scheduler.start()
    await vi.advanceTimersByTimeAsync(dueIn - 1)
    expect(statusOf(h, payout.id)).not.toBe('paid')
    await vi.advanceTimersByTimeAsync(10)
    expect(statusOf(h, payout.id)).toBe('paid')
  })
})
