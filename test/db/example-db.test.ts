// sandbox.db.example: at the latest migration, realistic, and made again byte for byte by
// `npm run seed`.
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isValidIBAN } from 'ibantools'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { latestMigration } from '../../src/db/migrations.js'
import { DEFAULT_MERCHANT } from '../../src/merchants/service.js'
import { FAILURE_CODES } from '../../src/payouts/failures.js'
import { PAYOUT_STATUSES } from '../../src/payouts/states.js'

const FILE = 'sandbox.db.example'
let db: Database.Database
beforeAll(() => {
  db = new Database(FILE, { readonly: true })
})
afterAll(() => db.close())

const column = <T>(sql: string) => db.prepare(sql).pluck().all() as T[]

describe('sandbox.db.example', () => {
  it('is at the latest migration', () => {
    expect(column<string>('select name from kysely_migration order by name').at(-1)).toBe(latestMigration)
  })

  it('holds the default merchant with its documented key and secret, realtime, EUR, GBP and USDC balances', () => {
    expect(db.prepare('select id, api_key, webhook_secret, clock_mode from merchants').all()).toEqual([
      { id: DEFAULT_MERCHANT.id, api_key: DEFAULT_MERCHANT.apiKey, webhook_secret: DEFAULT_MERCHANT.webhookSecret, clock_mode: 'realtime' },
    ])
    // Swept to the beneficiary accounts mid-story, then topped up again; USDC is never swept.
    expect(column<string>('select currency from balances where available > 0 order by currency')).toEqual(['EUR', 'GBP', 'USDC'])
  })

  it('holds about 50 paid orders whose payer accounts are valid, and orders in every status the sandbox brings about', () => {
    const orders = db.prepare('select currency, payer_financial_address from orders where payer_financial_address is not null').all() as Array<{ currency: string; payer_financial_address: string }>
    expect(orders.length).toBeGreaterThanOrEqual(50)
    for (const { currency, payer_financial_address } of orders) {
      const payer = JSON.parse(payer_financial_address)
      if (currency === 'GBP') expect(`${payer.sortCode.sortCode}/${payer.sortCode.accountNumber}`).toMatch(/^\d{6}\/\d{8}$/)
      else expect(isValidIBAN(payer.iban.iban)).toBe(true)
    }
    expect(column<string>('select distinct status from orders order by 1')).toEqual(
      ['canceled', 'failed', 'in_refund', 'paid', 'partially_refunded', 'refund_failed', 'refunded', 'waiting_for_payment'],
    )
  })

  it('holds refunds, deposits in four currencies, returns and a beneficiary sweep', () => {
    expect(column<string>('select distinct status from refunds order by 1')).toEqual(['failed', 'initiated', 'succeeded'])
    expect(column<string>('select distinct currency from deposits order by 1')).toEqual(['EUR', 'GBP', 'PLN', 'USDC'])
    expect(column<string>('select status from returns order by created_at')).toEqual(['succeeded', 'initiated'])
    expect(column<string>("select currency from payouts where type = 'beneficiary' order by currency")).toEqual(['EUR', 'GBP', 'PLN'])
    expect(column<number>('select count(*) from subaccounts')[0]).toBe(1)
  })

  it('holds about 200 payouts in every status and with every failure code, each journaled', () => {
    expect(column<number>("select count(*) from payouts where type = 'customer'")[0]).toBe(200)
    expect(column<string>('select distinct status from payouts order by status')).toEqual([...PAYOUT_STATUSES].sort())
    expect(column<string>('select distinct failure_code from payouts where failure_code is not null order by 1')).toEqual([...FAILURE_CODES].sort())
    expect(column<number>(`select count(*) from payouts p where p.status <> (select to_status from journal j where j.payout_id = p.id order by j.id desc limit 1)`)[0]).toBe(0)
  })

  it('has the next steps of every payout still on its way scheduled (one stuck in transit by its magic IBAN waits for nothing)', () => {
    const unscheduled = db.prepare(`select status, rule from payouts p where status in ('pending', 'in_transit') and not exists (select 1 from jobs j where j.subject_id = p.id)`).all()
    expect(unscheduled).toEqual([{ status: 'in_transit', rule: 'magic-stuck-in-transit' }])
    expect(column<number>("select count(*) from payouts where status = 'pending'")[0]).toBeGreaterThan(0)
    expect(column<string>('select distinct kind from jobs order by 1')).toEqual(['order_step', 'payout_step', 'refund_step', 'return_step'])
  })

  it('has a webhook event for every change of every payout, each delivered to the built-in inbox, one after a retry', () => {
    const changes = column<number>('select count(*) from journal where to_status is not null')[0]
    const unreported = db
      .prepare(`select j.payout_id, j.to_status from journal j where j.to_status is not null and not exists (select 1 from webhook_events e where e.payout_id = j.payout_id and e.created_at = j.at)`)
      .all()
    expect(changes).toBeGreaterThan(400)
    expect(unreported).toEqual([])
    expect(column<string>('select distinct url from webhook_subscriptions')).toEqual(['http://localhost:4010/sandbox/inbox/default'])
    expect(db.prepare('select state, attempts, count(*) as n from webhook_deliveries group by 1, 2 order by 2').all()).toEqual([
      { state: 'delivered', attempts: 1, n: column<number>('select count(*) from webhook_deliveries')[0]! - 1 },
      { state: 'delivered', attempts: 2, n: 1 },
    ])
    const retried = db.prepare('select attempt, status_code, at from webhook_attempts where delivery_id = (select id from webhook_deliveries where attempts = 2) order by attempt').all() as Array<{ attempt: number; status_code: number; at: number }>
    expect(retried.map((a) => [a.attempt, a.status_code])).toEqual([[1, 503], [2, 200]])
    // The first retry waits 30 s.
    expect(retried[1]!.at - retried[0]!.at).toBe(30_000)
    // What the inbox kept is signed with the merchant's secret, as its deliveries were.
    expect(column<number>('select count(*) from inbox where signature_valid = 1 and merchant_id = ?'.replace('?', `'${DEFAULT_MERCHANT.id}'`))[0]).toBe(200)
  })

  it('npm run seed makes it again, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivy-seed-'))
    try {
      const out = join(dir, 'again.db')
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'seed', '--out', out], { encoding: 'utf8', timeout: 120_000 })
      expect(run.status).toBe(0)
      const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
      expect(sha(out)).toBe(sha(FILE))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a first start from the example', () => {
  it('runs the default merchant\'s clock on from the start, even on a machine whose date is before the seed\'s last day', async () => {
    const { createRuntime } = await import('../../src/runtime.js')
    const { adoptExample } = await import('../../src/seed.js')
    const { viewClock } = await import('../../src/sim/clock.js')
    const dir = mkdtempSync(join(tmpdir(), 'ivy-example-'))
    const seedEnd = db.prepare('select clock_now from merchants').pluck().get() as number
    let wall = Date.parse('2026-06-01T12:00:00Z')
    const rt = await createRuntime({ db: join(dir, 'sandbox.db'), template: FILE, wall: () => wall })
    try {
      adoptExample(rt, 'http://127.0.0.1:4999')
      wall += 2_000
      expect(viewClock(rt, DEFAULT_MERCHANT.id)).toEqual({ now: new Date(seedEnd + 2_000).toISOString(), mode: 'realtime', speed: 1 })
    } finally {
      await rt.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('started weeks after the seed, keeps the payouts on their way ahead of it, and "+6 days" settles them', async () => {
    const { createRuntime } = await import('../../src/runtime.js')
    const { adoptExample } = await import('../../src/seed.js')
    const { advanceClock } = await import('../../src/sim/clock.js')
    const dir = mkdtempSync(join(tmpdir(), 'ivy-example-'))
    const seedEnd = db.prepare('select clock_now from merchants').pluck().get() as number
    const wall = seedEnd + 30 * 86_400_000
    const rt = await createRuntime({ db: join(dir, 'sandbox.db'), template: FILE, wall: () => wall })
    const statuses = () => rt.db.sqlite.prepare('select status, count(*) as n from payouts where status in (?, ?) group by 1 order by 1').all('pending', 'in_transit')
    try {
      adoptExample(rt, 'http://127.0.0.1:4999')
      // Its inbox's subscription and the attempts made to it name this sandbox's inbox now.
      expect(rt.db.sqlite.prepare('select distinct url from webhook_attempts').pluck().all()).toEqual(['http://127.0.0.1:4999/sandbox/inbox/default'])
      expect(rt.db.sqlite.prepare('select url from webhook_subscriptions').pluck().all()).toEqual(['http://127.0.0.1:4999/sandbox/inbox/default'])
      // Nothing listens there in this test: the payouts' webhooks are not sent anywhere.
      rt.db.sqlite.prepare('delete from webhook_subscriptions').run()
      const before = statuses()
      // Catching up at the adopted moment fires nothing: every step is still ahead.
      expect((await advanceClock(rt, DEFAULT_MERCHANT.id, { by: '0s' })).fired).toEqual([])
      expect(statuses()).toEqual(before)
      const { fired } = await advanceClock(rt, DEFAULT_MERCHANT.id, { by: '6d' })
      expect(fired.length).toBeGreaterThan(0)
      expect(statuses()).toEqual([{ status: 'in_transit', n: 1 }])
    } finally {
      await rt.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
