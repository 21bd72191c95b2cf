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

export function recordRequest(db: Db, row: NewApiRequest): void {
  insert.run(db, row)
  trim.run(db, { merchantId: row.merchant_id })
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
  const rows = db.all(q.selectAll().orderBy('id', 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}
