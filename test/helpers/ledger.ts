// The ledger's invariant, read straight from SQLite, so a test can check it after every step and
// a failure says in words what broke:
// - per account (a `balances` row), its bookings in order `n` chain: the first starts at 0, each
//   `before` is the previous `after`, `after` = `before` ± `amount` by side, `amount` > 0, and
//   the last `after` is the account's `booked` (no bookings: booked 0). Migration 008 wrote an
//   "OPENING BALANCE" booking from 0 for money held before the ledger, so 0 holds for those too;
// - booked − what payouts, refunds and returns in flight hold = available ≥ 0, and nothing
//   settled still holds money;
// - every booking's business object exists, is the merchant's and in the account's currency;
// - a payout has one debit booking per time it was paid and one credit per return (as its journal
//   tells), each of its amount, and its transactionId is its debit; a paid order's transactionId
//   is its credit booking.
import type Database from 'better-sqlite3'
import type { BalanceRow, BookingRow, JournalRow, OrderRow, PayoutRow } from '../../src/db/schema.js'

/** The table behind each paymentProcessType that names an object (a top-up names none). */
const PROCESS_TABLES: Record<string, string> = {
  payout: 'payouts',
  merchant_payout: 'payouts',
  payment: 'orders',
  refund: 'refunds',
  deposit: 'deposits',
  deposit_return: 'returns',
}

/** Statuses in which an object holds money it reserved; `reserved` must be 0 in every other. */
const IN_FLIGHT: Record<'payouts' | 'refunds' | 'returns', readonly string[]> = {
  payouts: ['pending', 'in_transit'],
  refunds: ['initiated', 'pending'],
  returns: ['initiated'],
}

type Sqlite = Database.Database

/** The problems of one merchant's ledger, in words; empty when it is sound. */
export function checkLedger(db: Sqlite, merchantId: string): string[] {
  const problems: string[] = []
  const accounts = db.prepare('select * from balances where merchant_id = ? order by currency').all(merchantId) as BalanceRow[]
  const accountIds = new Set(accounts.map((a) => a.account_id))

  for (const account of accounts) {
    const where = `account ${account.currency} (${account.account_id})`
    const bookings = db.prepare('select * from bookings where account_id = ? order by n').all(account.account_id) as BookingRow[]
    let running = 0
    for (const [i, b] of bookings.entries()) {
      const at = `${where} booking #${i + 1} (n=${b.n}, ${b.side} ${b.amount}, ${b.process_type} ${b.process_id ?? '-'})`
      if (b.merchant_id !== merchantId) problems.push(`${at}: belongs to merchant ${b.merchant_id}`)
      if (b.currency !== account.currency) problems.push(`${at}: currency ${b.currency}`)
      if (!Number.isSafeInteger(b.amount) || b.amount <= 0) problems.push(`${at}: amount ${b.amount} is not a positive integer`)
      if (b.before !== running) problems.push(`${at}: before ${b.before}, expected ${running} (${i === 0 ? 'the first booking starts at 0' : "the previous booking's after"})`)
      const expected = b.before + (b.side === 'credit' ? b.amount : -b.amount)
      if (b.after !== expected) problems.push(`${at}: after ${b.after}, expected before ${b.before} ${b.side === 'credit' ? '+' : '-'} ${b.amount} = ${expected}`)
      if (b.side !== 'credit' && b.side !== 'debit') problems.push(`${at}: side ${b.side}`)
      running = b.after
    }
    if (account.booked !== running) problems.push(`${where}: booked ${account.booked}, but its last booking's after is ${running}`)

    const held = Object.entries(IN_FLIGHT).map(([table, statuses]) => {
      const sum = db
        .prepare(`select coalesce(sum(reserved), 0) as held from ${table} where merchant_id = ? and currency = ? and status in (${statuses.map(() => '?').join(', ')})`)
        .get(merchantId, account.currency, ...statuses) as { held: number }
      return [table, sum.held] as const
    })
    const inFlight = held.reduce((sum, [, n]) => sum + n, 0)
    if (account.booked - inFlight !== account.available) {
      problems.push(`${where}: booked ${account.booked} − held in flight ${inFlight} (${held.map(([t, n]) => `${t} ${n}`).join(', ')}) = ${account.booked - inFlight}, but available is ${account.available}`)
    }
    if (account.available < 0) problems.push(`${where}: available ${account.available} is negative`)
  }

  for (const [table, statuses] of Object.entries(IN_FLIGHT)) {
    const settled = db
      .prepare(`select id, status, reserved from ${table} where merchant_id = ? and reserved <> 0 and status not in (${statuses.map(() => '?').join(', ')})`)
      .all(merchantId, ...statuses) as Array<{ id: string; status: string; reserved: number }>
    for (const row of settled) problems.push(`${table} ${row.id} is ${row.status} but still holds ${row.reserved}`)
  }

  const bookings = db.prepare('select * from bookings where merchant_id = ? order by n').all(merchantId) as BookingRow[]
  for (const b of bookings) {
    const at = `booking n=${b.n} (${b.process_type} ${b.process_id ?? '-'})`
    if (!accountIds.has(b.account_id)) problems.push(`${at}: account ${b.account_id} is not one of the merchant's`)
    if (b.process_id === null) continue
    const table = b.process_type === null ? undefined : PROCESS_TABLES[b.process_type]
    if (!table) {
      problems.push(`${at}: names an object, but ${b.process_type} is no type with a table`)
      continue
    }
    const object = db.prepare(`select merchant_id, currency from ${table} where id = ?`).get(b.process_id) as { merchant_id: string; currency: string } | undefined
    if (!object) problems.push(`${at}: no such row in ${table}`)
    else if (object.merchant_id !== merchantId) problems.push(`${at}: its ${table} row is merchant ${object.merchant_id}'s`)
    else if (object.currency !== b.currency) problems.push(`${at}: its ${table} row is in ${object.currency}, the booking in ${b.currency}`)
  }

  problems.push(...checkPayoutBookings(db, merchantId, bookings), ...checkOrderBookings(db, merchantId, bookings))
  return problems
}

function checkPayoutBookings(db: Sqlite, merchantId: string, bookings: BookingRow[]): string[] {
  const problems: string[] = []
  const payouts = db.prepare('select * from payouts where merchant_id = ?').all(merchantId) as PayoutRow[]
  const journal = db.prepare('select * from journal where merchant_id = ? and payout_id is not null').all(merchantId) as JournalRow[]
  for (const p of payouts) {
    const where = `payout ${p.id} (${p.status}, ${p.amount} ${p.currency})`
    const mine = bookings.filter((b) => b.process_id === p.id && (b.process_type === 'payout' || b.process_type === 'merchant_payout'))
    const debits = mine.filter((b) => b.side === 'debit')
    const credits = mine.filter((b) => b.side === 'credit')
    const moves = journal.filter((j) => j.payout_id === p.id)
    const timesPaid = moves.filter((j) => j.to_status === 'paid').length
    const timesReturned = moves.filter((j) => j.from_status === 'paid' && j.to_status === 'failed').length
    if (debits.length !== timesPaid) problems.push(`${where}: ${debits.length} debit booking(s), but it was paid ${timesPaid} time(s)`)
    if (credits.length !== timesReturned) problems.push(`${where}: ${credits.length} credit booking(s), but it was returned ${timesReturned} time(s)`)
    for (const b of mine) if (b.amount !== p.amount) problems.push(`${where}: booking n=${b.n} moves ${b.amount}`)
    if (p.status === 'paid' && debits.length !== 1) problems.push(`${where}: paid with ${debits.length} debit bookings, not exactly one`)
    if (debits.length === 1 && p.transaction_id !== debits[0]!.id) problems.push(`${where}: transactionId ${p.transaction_id}, but its debit booking is ${debits[0]!.id}`)
    if (debits.length === 0 && p.transaction_id !== null) problems.push(`${where}: transactionId ${p.transaction_id} without a debit booking`)
    if (p.reserved !== 0 && p.reserved !== p.amount) problems.push(`${where}: holds ${p.reserved}, neither 0 nor its amount`)
  }
  return problems
}

function checkOrderBookings(db: Sqlite, merchantId: string, bookings: BookingRow[]): string[] {
  const problems: string[] = []
  const orders = db.prepare('select * from orders where merchant_id = ?').all(merchantId) as OrderRow[]
  for (const o of orders) {
    const where = `order ${o.id} (${o.status}, ${o.total} ${o.currency})`
    const credits = bookings.filter((b) => b.process_type === 'payment' && b.process_id === o.id)
    if (o.transaction_id === null) {
      if (credits.length > 0) problems.push(`${where}: ${credits.length} payment booking(s) but no transactionId`)
      continue
    }
    const booking = credits.find((b) => b.id === o.transaction_id)
    if (!booking) problems.push(`${where}: transactionId ${o.transaction_id} is none of its payment bookings`)
    else if (booking.side !== 'credit' || booking.amount !== o.total) problems.push(`${where}: its payment booking is a ${booking.side} of ${booking.amount}`)
    if (credits.length !== 1) problems.push(`${where}: ${credits.length} payment bookings, not exactly one`)
  }
  return problems
}

/**
 * Everything money-related in the database, every merchant's, plus how many rows each table
 * holds: equal before and after a refused request, or the request wrote something.
 */
export function ledgerState(db: Sqlite) {
  const rows = (sql: string) => db.prepare(sql).all()
  const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not in ('api_requests', 'sqlite_sequence') order by name").all() as Array<{ name: string }>).map((t) => t.name)
  return {
    counts: Object.fromEntries(tables.map((t) => [t, (db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n])),
    balances: rows('select * from balances order by merchant_id, currency'),
    bookings: rows('select * from bookings order by n'),
    payouts: rows('select id, status, reserved, transaction_id, updated_at from payouts order by id'),
    orders: rows('select id, status, transaction_id, refund_amount from orders order by id'),
    merchants: rows('select id, payout_seq, customer_payouts, beneficiary_payouts, clock_now from merchants order by id'),
  }
}
