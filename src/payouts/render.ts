// The Payout object as Ivy answers it: major units, ISO times, failure details from the code.
import type { PayoutRow } from '../db/schema.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { toIso } from '../lib/clock.js'
import { toMajor, type Currency } from '../lib/money.js'
import { FAILURES, type FailureCode } from './failures.js'
import type { Payout } from './schemas.js'

export function toPayout(row: PayoutRow): Payout {
  const currency = row.currency as Currency
  const failure = row.failure_code as FailureCode | null
  return {
    id: row.id,
    amount: toMajor(row.amount, currency),
    currency,
    destination: JSON.parse(row.destination) as FinancialAddress,
    status: row.status,
    type: row.type,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    ...(row.metadata !== null && { metadata: JSON.parse(row.metadata) as Record<string, unknown> }),
    ...(row.payment_reference !== null && { paymentReference: row.payment_reference }),
    ...(row.transaction_id !== null && { transactionId: row.transaction_id }),
    ...(failure !== null && { failure: { code: failure, message: FAILURES[failure].message, retry: FAILURES[failure].retry } }),
  }
}
