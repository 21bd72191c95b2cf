// The Return object as Ivy answers it: major units, ISO times, optional fields only once set.
import type { ReturnRow } from '../db/schema.js'
import { toIso } from '../lib/clock.js'
import { toMajor } from '../lib/money.js'
import type { Return } from './schemas.js'

export function toReturn(row: ReturnRow): Return {
  const currency = row.currency as Return['currency']
  return {
    id: row.id,
    amount: toMajor(row.amount, currency),
    createdAt: toIso(row.created_at),
    currency,
    depositId: row.deposit_id,
    status: row.status,
    ...(row.failed_at !== null && { failedAt: toIso(row.failed_at) }),
    ...(row.succeeded_at !== null && { succeededAt: toIso(row.succeeded_at) }),
    ...(row.transaction_id !== null && { transactionId: row.transaction_id }),
  }
}
