// The request log's rows: written with the answer they record, and cut to the newest
// REQUESTS_KEPT per merchant on the way, so it never grows past that.
import { sql } from 'kysely'
import { insertQuery, query, type Db } from '../db/database.js'
import type { ApiRequestRow } from '../db/schema.js'

/** [sandbox] Requests kept per merchant. */
export const REQUESTS_KEPT = 1_000

export type NewApiRequest = Omit<ApiRequestRow, 'id'>

const insert = insertQuery('api_requests', [
  'merchant_id',
  'at',
  'method',
  'path',
  'query',
  'status',
  'duration_ms',
  'idempotency_key',
  'api_key',
  'request_body',
  'response_body',
])
const trim = query((db, p: { merchantId: string }) =>
  db
    .deleteFrom('api_requests')
    .where('merchant_id', '=', p.merchantId)
    .where(
      'id',
      '<=',
      db.selectFrom('api_requests').select('id').where('merchant_id', '=', p.merchantId).orderBy('id', 'desc').limit(1).offset(REQUESTS_KEPT),
    ),
)

/**
 * Rows past the newest REQUESTS_KEPT are deleted every TRIM_EVERY inserts, not on each one (a
 * delete that walks a thousand index entries halved payout/create's throughput); the list
 * never shows more than REQUESTS_KEPT meanwhile.
 */
const TRIM_EVERY = 64

export function recordRequest(db: Db, row: NewApiRequest): void {
  const { lastInsertRowid } = insert.run(db, row)
  if (Number(lastInsertRowid) % TRIM_EVERY === 0) trim.run(db, { merchantId: row.merchant_id })
}

export interface RequestFilter {
  /** Text the path contains. */
  path?: string
  method?: string
  /** An exact status, or a class: 2 for 2xx, 4 for 4xx, 5 for 5xx. */
  status?: number
}

export function listRequests(db: Db, merchantId: string, filter: RequestFilter, skip: number, limit: number): { rows: ApiRequestRow[]; count: number } {
  let q = db.kysely.selectFrom('api_requests').where('merchant_id', '=', merchantId)
  if (filter.path) q = q.where(sql<boolean>`instr(path, ${filter.path}) > 0`)
  if (filter.method) q = q.where('method', '=', filter.method)
  if (filter.status !== undefined) q = filter.status < 10 ? q.where('status', '>=', filter.status * 100).where('status', '<', filter.status * 100 + 100) : q.where('status', '=', filter.status)
  // Up to TRIM_EVERY older rows may wait for the next trim: they are already out of the log.
  const count = Math.min(db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n, REQUESTS_KEPT)
  const rows = skip >= count ? [] : db.all(q.selectAll().orderBy('id', 'desc').limit(Math.min(limit, count - skip)).offset(skip))
  return { rows, count }
}
