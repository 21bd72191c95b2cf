// A merchant's whole state as plain rows: its merchant row (clock, scenario, counters), the
// uploaded scenario it runs, and its rows of every table. `captureMerchant` reads them;
// `restoreMerchant` puts them back in place of the merchant's current rows; `forkMerchant` copies
// the payout side of them to a new merchant under new ids. Callers run each inside one
// transaction. Rows are written with prepared statements bound by column name, so 10,000
// payouts copy in milliseconds rather than the seconds it takes to create them again.
import type { Db } from '../db/database.js'
import type { DatabaseSchema, MerchantRow } from '../db/schema.js'
import type { IdSource } from '../lib/ids.js'
import { dropUnusedScenario } from '../sim/scenario/repo.js'
import { refreshWake } from '../sim/wake.js'
import { clockOf } from '../engine/context.js'

type Row = Record<string, unknown>

/**
 * Every table with a merchant_id, children before parents: deletes run in this order, inserts in
 * the reverse. A table added later with merchant rows must be listed here to be saved (a test
 * checks that every table with a merchant_id is listed or named in NOT_SAVED).
 */
export const MERCHANT_TABLES = [
  'webhook_attempts',
  'webhook_deliveries',
  'webhook_events',
  'webhook_subscriptions',
  'inbox',
  'jobs',
  'journal',
  'idempotency_keys',
  'bookings',
  'returns',
  'deposits',
  'refunds',
  'payouts',
  'orders',
  'subaccounts',
  'balances',
] as const satisfies ReadonlyArray<keyof DatabaseSchema>
type MerchantTable = (typeof MERCHANT_TABLES)[number]

/**
 * Tables with a merchant_id that a snapshot leaves alone (and a fork does not copy): the
 * snapshots themselves, the request log (what the client did is history, not state) and the
 * armed API faults (test setup of this moment, not the merchant's data).
 */
export const NOT_SAVED = ['snapshots', 'api_requests', 'api_faults'] as const satisfies ReadonlyArray<keyof DatabaseSchema>

export interface MerchantState {
  merchant: MerchantRow
  scenario: Row | null
  rows: Record<MerchantTable, Row[]>
}

function selectRows(db: Db, table: MerchantTable, merchantId: string): Row[] {
  // rowid order is insertion order: lists and the journal read back in the same order.
  return db.sqlite.prepare(`select * from ${table} where merchant_id = ? order by rowid`).all(merchantId) as Row[]
}

/** Inserts `rows` into `table`; returns the id SQLite gave each (for numbered tables). */
function insertRows(db: Db, table: MerchantTable | 'merchants' | 'uploaded_scenarios', rows: Row[], orIgnore = false): number[] {
  if (rows.length === 0) return []
  const columns = Object.keys(rows[0]!)
  const stmt = db.sqlite.prepare(`insert ${orIgnore ? 'or ignore ' : ''}into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`)
  return rows.map((row) => Number(stmt.run(row).lastInsertRowid))
}

const withoutId = ({ id: _, ...rest }: Row): Row => rest

export function captureMerchant(db: Db, merchant: MerchantRow): MerchantState {
  const rows = Object.fromEntries(MERCHANT_TABLES.map((table) => [table, selectRows(db, table, merchant.id)])) as MerchantState['rows']
  const scenario = merchant.scenario_id === null ? null : ((db.sqlite.prepare('select * from uploaded_scenarios where id = ?').get(merchant.scenario_id) as Row | undefined) ?? null)
  return { merchant, scenario, rows }
}

function deleteMerchantRows(db: Db, merchantId: string): void {
  for (const table of MERCHANT_TABLES) db.sqlite.prepare(`delete from ${table} where merchant_id = ?`).run(merchantId)
}

/** Replaces the merchant's rows with `state`'s; its API key and webhook secret stay. */
export function restoreMerchant(db: Db, state: MerchantState): void {
  const id = state.merchant.id
  const current = db.sqlite.prepare('select scenario_id from merchants where id = ?').get(id) as { scenario_id: string | null }
  deleteMerchantRows(db, id)
  if (state.scenario) insertRows(db, 'uploaded_scenarios', [state.scenario], true)
  const { api_key: _key, webhook_secret: _secret, id: _id, ...saved } = state.merchant
  const columns = Object.keys(saved)
  db.sqlite.prepare(`update merchants set ${columns.map((c) => `${c} = @${c}`).join(', ')} where id = @id`).run({ ...saved, id })
  if (current.scenario_id !== state.merchant.scenario_id) dropUnusedScenario(db, current.scenario_id)

  // Integer ids are assigned anew (another merchant's rows may hold the old ones), and
  // references to deliveries follow.
  const { rows } = state
  insertRows(db, 'balances', rows.balances)
  insertRows(db, 'subaccounts', rows.subaccounts)
  insertRows(db, 'orders', rows.orders)
  insertRows(db, 'payouts', rows.payouts)
  insertRows(db, 'refunds', rows.refunds)
  insertRows(db, 'deposits', rows.deposits)
  insertRows(db, 'returns', rows.returns)
  insertRows(db, 'bookings', rows.bookings.map(({ n: _, ...rest }) => rest))
  insertRows(db, 'idempotency_keys', rows.idempotency_keys)
  insertRows(db, 'journal', rows.journal.map(withoutId))
  insertRows(db, 'inbox', rows.inbox.map(withoutId))
  insertRows(db, 'webhook_subscriptions', rows.webhook_subscriptions)
  insertRows(db, 'webhook_events', rows.webhook_events)
  const deliveryIds = new Map<unknown, number>()
  const newDeliveryIds = insertRows(db, 'webhook_deliveries', rows.webhook_deliveries.map(withoutId))
  rows.webhook_deliveries.forEach((d, i) => deliveryIds.set(d.id, newDeliveryIds[i]!))
  insertRows(db, 'webhook_attempts', rows.webhook_attempts.map((a) => ({ ...withoutId(a), delivery_id: deliveryIds.get(a.delivery_id) })))
  insertRows(db, 'jobs', rows.jobs.map((j) => ({ ...withoutId(j), delivery_id: j.delivery_id === null ? null : deliveryIds.get(j.delivery_id) })))
  refreshWake(db, id, clockOf(findRestored(db, id)))
}

function findRestored(db: Db, id: string): MerchantRow {
  return db.sqlite.prepare('select * from merchants where id = ?').get(id) as MerchantRow
}

/**
 * A new merchant (`merchant`: its id, name, keys) with a copy of the source's accounts and their
 * ledger, subaccounts, orders, payouts, refunds, deposits, returns, journal and pending steps,
 * its clock, scenario and counters. Copied objects and accounts get new ids, and every
 * reference to them follows. Not copied [sandbox]: webhook
 * subscriptions, events and deliveries (their bodies name the source's payouts and would be
 * signed with the fork's secret), the inbox, and idempotency keys (their saved responses name
 * the source's payouts).
 */
export function forkMerchant(db: Db, ids: IdSource, source: MerchantState, merchant: Pick<MerchantRow, 'id' | 'name' | 'api_key' | 'webhook_secret'>): MerchantRow {
  const row: MerchantRow = { ...source.merchant, ...merchant, next_wake_wall: null }
  insertRows(db, 'merchants', [row as unknown as Row])
  const { rows } = source
  const newIds = new Map<unknown, string>()
  const renew = (old: unknown) => {
    const id = ids.uuid()
    newIds.set(old, id)
    return id
  }
  const mapped = (old: unknown) => (old === null ? null : newIds.get(old))
  /** A reference that may name an object not copied (a booking's process): kept when it has no new id. */
  const mappedOrKept = (old: unknown) => (old === null ? null : (newIds.get(old) ?? old))
  const merchantId = row.id
  // Booking ids first: objects name their booking as transactionId.
  for (const booking of rows.bookings) renew(booking.id)
  insertRows(db, 'balances', rows.balances.map((b) => ({ ...b, account_id: renew(b.account_id), merchant_id: merchantId })))
  insertRows(db, 'subaccounts', rows.subaccounts.map((a) => ({ ...a, id: renew(a.id), merchant_id: merchantId })))
  insertRows(db, 'orders', rows.orders.map((o) => ({ ...o, id: renew(o.id), subaccount_id: mapped(o.subaccount_id), transaction_id: mappedOrKept(o.transaction_id), merchant_id: merchantId })))
  insertRows(db, 'payouts', rows.payouts.map((p) => ({ ...p, id: renew(p.id), order_id: mapped(p.order_id), transaction_id: mappedOrKept(p.transaction_id), merchant_id: merchantId })))
  insertRows(db, 'refunds', rows.refunds.map((r) => ({ ...r, id: renew(r.id), order_id: mapped(r.order_id), transaction_id: mappedOrKept(r.transaction_id), merchant_id: merchantId })))
  insertRows(db, 'deposits', rows.deposits.map((d) => ({ ...d, id: renew(d.id), transaction_id: mappedOrKept(d.transaction_id), merchant_id: merchantId })))
  insertRows(db, 'returns', rows.returns.map((r) => ({ ...r, id: renew(r.id), deposit_id: mapped(r.deposit_id), transaction_id: mappedOrKept(r.transaction_id), merchant_id: merchantId })))
  insertRows(
    db,
    'bookings',
    rows.bookings.map(({ n: _, ...b }) => ({ ...b, id: mapped(b.id), account_id: mapped(b.account_id), process_id: mappedOrKept(b.process_id), merchant_id: merchantId })),
  )
  insertRows(db, 'journal', rows.journal.map((j) => ({ ...withoutId(j), payout_id: mapped(j.payout_id), merchant_id: merchantId })))
  const steps = rows.jobs.filter((j) => j.kind !== 'webhook_delivery')
  insertRows(db, 'jobs', steps.map((j) => ({ ...withoutId(j), subject_id: mapped(j.subject_id), merchant_id: merchantId })))
  refreshWake(db, row.id, clockOf(row))
  return row
}
