// The ledger `npm run seed` ships in sandbox.db.example is sound: a sandbox started from it
// begins with accounts whose bookings chain and add up to what balance/retrieve shows.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { checkLedger } from '../helpers/ledger.js'

let db: Database.Database
beforeAll(() => {
  db = new Database('sandbox.db.example', { readonly: true })
})
afterAll(() => db.close())

it("every merchant's ledger in sandbox.db.example passes checkLedger, and it has bookings to check", () => {
  const merchants = db.prepare('select id from merchants').pluck().all() as string[]
  expect(merchants.length).toBeGreaterThan(0)
  for (const id of merchants) expect(checkLedger(db, id), id).toEqual([])
  expect((db.prepare('select count(*) from bookings').pluck().get() as number)).toBeGreaterThan(100)
})
