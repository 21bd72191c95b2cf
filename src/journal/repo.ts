// The journal: one row per payout state change, with its sandbox time, who made it, the
// scenario rule and the ISO reason code. Written in the same transaction as the change.
import { insertQuery, type Db } from '../db/database.js'
import type { JournalRow } from '../db/schema.js'

export type JournalSource = 'api' | 'simulator' | 'sandbox'
export type NewJournalEntry = Omit<JournalRow, 'id'>

const insert = insertQuery('journal', [
  'merchant_id',
  'payout_id',
  'at',
  'from_status',
  'to_status',
  'source',
  'rule',
  'reason_code',
  'failure_code',
])

export function addJournalEntry(db: Db, entry: NewJournalEntry): void {
  insert.run(db, entry)
}

export function listJournal(db: Db, merchantId: string, payoutId: string | undefined, skip: number, limit: number): { rows: JournalRow[]; count: number } {
  let q = db.kysely.selectFrom('journal').where('merchant_id', '=', merchantId)
  if (payoutId !== undefined) q = q.where('payout_id', '=', payoutId)
  const rows = db.all(q.selectAll().orderBy('id', 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}

/** A payout's history, oldest first (the dashboard's timeline). */
export function payoutJournal(db: Db, payoutId: string): JournalRow[] {
  return db.all(db.kysely.selectFrom('journal').selectAll().where('payout_id', '=', payoutId).orderBy('id'))
}

/** Which of `payoutIds` were paid and then failed: returned, not refused. */
export function returnedPayoutIds(db: Db, payoutIds: string[]): Set<string> {
  if (payoutIds.length === 0) return new Set()
  const rows = db.all(
    db.kysely.selectFrom('journal').select('payout_id').where('payout_id', 'in', payoutIds).where('from_status', '=', 'paid').where('to_status', '=', 'failed'),
  )
  return new Set(rows.map((r) => r.payout_id))
}
