// Scheduled work lives in SQLite: a sandbox stopped (or killed) with events pending fires
// each of them exactly once after it starts again, and a crash leaves a consistent prefix.
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'

let dir: string
let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
  rmSync(dir, { recursive: true, force: true })
})

function invariants(rt: Harness['rt'], merchantId: string) {
  const db = rt.db.sqlite
  // Every payout's status is the last state its journal recorded.
  const mismatched = db
    .prepare(
      `select count(*) n from payouts p where p.merchant_id = ? and p.status <>
         (select to_status from journal j where j.payout_id = p.id order by j.id desc limit 1)`,
    )
    .get(merchantId) as { n: number }
  // Each of the two steps is either journaled or still scheduled, never both, never neither.
  const steps = db
    .prepare(
      `select count(*) n from payouts p where p.merchant_id = ? and
         (select count(*) from journal j where j.payout_id = p.id and j.source = 'simulator') +
         (select count(*) from jobs where jobs.subject_id = p.id) <> 2`,
    )
    .get(merchantId) as { n: number }
  // The clock stands at or after every transition that fired.
  const clock = db
    .prepare(`select m.clock_now >= coalesce((select max(at) from journal where merchant_id = m.id), 0) ok from merchants m where m.id = ?`)
    .get(merchantId) as { ok: number }
  return { mismatched: mismatched.n, broken: steps.n, clockOk: clock.ok === 1 }
}

describe('restart with pending events', () => {
  it('a clean stop and start: every event still fires once, none twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-restart-'))
    const db = join(dir, 'sandbox.db')
    h = await harness({ db, merchant: { scenario: 'always-paid' } })
    const { key, id: merchantId } = h.merchant
    const ids: string[] = []
    for (let i = 0; i < 30; i++) ids.push((await h.post('/api/service/payout/create', openLoop(1 + i))).body.id)
    // Fire the first step of some before stopping.
    await h.advance('800ms')
    const firedBefore = (h.rt.db.sqlite.prepare("select count(*) n from journal where source = 'simulator'").get() as { n: number }).n
    await h.close()

    h = await harness({ db })
    expect(invariants(h.rt, merchantId)).toEqual({ mismatched: 0, broken: 0, clockOk: true })
    const { body } = await h.advance('1m', key)
    expect(body.fired).toHaveLength(60 - firedBefore)
    for (const id of ids) {
      const steps = h.rt.db.sqlite.prepare("select to_status from journal where payout_id = ? and source = 'simulator' order by id").all(id)
      expect(steps).toEqual([{ to_status: 'in_transit' }, { to_status: 'paid' }])
    }
    expect((await h.advance('30d', key)).body.fired).toEqual([])
  })

  it('a kill mid-advance leaves a consistent prefix, and the rest fires once after restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ivy-crash-'))
    const db = join(dir, 'sandbox.db')
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sim/fixtures/advance-child.ts', db, '10000'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    const merchantId = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never started advancing: ${output}`)), 60_000)
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('advancing')) {
          clearTimeout(timer)
          resolve(/merchant (\S+)/.exec(output)![1]!)
        }
      })
    })
    // Kill it as soon as a first batch is committed, watching the file from outside.
    const watcher = new Database(db, { readonly: true })
    const journaled = watcher.prepare("select count(*) n from journal where source = 'simulator'")
    for (let i = 0; i < 6_000 && (journaled.get() as { n: number }).n === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5))
    child.kill('SIGKILL')
    watcher.close()
    await new Promise((resolve) => child.once('exit', resolve))

    h = await harness({ db })
    const fired = (h.rt.db.sqlite.prepare("select count(*) n from journal where merchant_id = ? and source = 'simulator'").get(merchantId) as { n: number }).n
    expect(invariants(h.rt, merchantId)).toEqual({ mismatched: 0, broken: 0, clockOk: true })
    const key = (h.rt.db.sqlite.prepare('select api_key from merchants where id = ?').get(merchantId) as { api_key: string }).api_key
    // Events tied with the last one fired before the kill are due at once: the request's
    // catch-up fires those, the advance the rest.
    expect(fired).toBeGreaterThan(0)
    expect(fired).toBeLessThan(20_000)
    await h.advance('1m', key)
    const perPayout = h.rt.db.sqlite
      .prepare("select count(*) n from journal where merchant_id = ? and source = 'simulator' group by payout_id having n <> 2")
      .all(merchantId)
    expect(perPayout).toEqual([])
    const paid = h.rt.db.sqlite.prepare("select count(*) n from payouts where merchant_id = ? and status = 'paid'").get(merchantId) as { n: number }
    expect(paid.n).toBe(10_000)
    expect(invariants(h.rt, merchantId)).toEqual({ mismatched: 0, broken: 0, clockOk: true })
  })
})
