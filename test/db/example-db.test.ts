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

  it('holds the default merchant with its documented key and secret, realtime, EUR and GBP balances', () => {
    expect(db.prepare('select id, api_key, webhook_secret, clock_mode from merchants').all()).toEqual([
      { id: DEFAULT_MERCHANT.id, api_key: DEFAULT_MERCHANT.apiKey, webhook_secret: DEFAULT_MERCHANT.webhookSecret, clock_mode: 'realtime' },
    ])
    expect(column<string>('select currency from balances where available > 0 order by currency')).toEqual(['EUR', 'GBP'])
  })

  it('holds about 50 paid orders whose payer accounts are valid', () => {
    const orders = db.prepare("select currency, payer_financial_address from orders where status = 'paid'").all() as Array<{ currency: string; payer_financial_address: string }>
    expect(orders.length).toBe(50)
    for (const { currency, payer_financial_address } of orders) {
      const payer = JSON.parse(payer_financial_address)
      if (currency === 'EUR') expect(isValidIBAN(payer.iban.iban)).toBe(true)
      else expect(`${payer.sortCode.sortCode}/${payer.sortCode.accountNumber}`).toMatch(/^\d{6}\/\d{8}$/)
    }
  })

  it('holds about 200 payouts in every status and with every failure code, each journaled', () => {
    expect(column<number>('select count(*) from payouts')[0]).toBe(200)
    expect(column<string>('select distinct status from payouts order by status')).toEqual([...PAYOUT_STATUSES].sort())
    expect(column<string>('select distinct failure_code from payouts where failure_code is not null order by 1')).toEqual([...FAILURE_CODES].sort())
    expect(column<number>(`select count(*) from payouts p where p.status <> (select to_status from journal j where j.payout_id = p.id order by j.id desc limit 1)`)[0]).toBe(0)
    expect(column<number>('select count(*) from jobs')[0]).toBe(0)
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
})
