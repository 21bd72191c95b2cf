// Request and response shapes of Ivy's payout endpoints, exactly as the contract has them.
import { z } from '@hono/zod-openapi'
import { FinancialAddress } from '../financial-address/schemas.js'
import { listOf } from '../engine/page.js'
import { jsonByteLength } from '../lib/json.js'
import { CURRENCIES, decimalsOf, EXPONENT, MAX_AMOUNT, MIN_AMOUNT, type AnyCurrency } from '../lib/money.js'
import { RAILS } from '../rails/registry.js'
import { FAILURE_CODES } from './failures.js'
import { PAYOUT_STATUSES } from './states.js'

export const PAYOUT_TYPES = ['customer', 'beneficiary'] as const

export const Currency = z.enum(CURRENCIES).openapi({ example: 'EUR' })

/** Major units as JSON numbers; the decimals allowed depend on the currency (checked below). */
export const Amount = z
  .number()
  .min(MIN_AMOUNT, `must be at least ${MIN_AMOUNT}`)
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
  .openapi({ example: 100, description: 'Decimal major units (100 = EUR 100.00), at least 0.01, at most 2 decimals for fiat.' })

/** [sandbox] Bounds on the metadata a payout keeps and echoes in every answer and webhook. */
const METADATA_LIMITS = { keys: 50, keyLength: 100, bytes: 16 * 1024 } as const

export const Metadata = z
  .record(z.string().max(METADATA_LIMITS.keyLength, `a metadata key is at most ${METADATA_LIMITS.keyLength} characters`), z.unknown())
  .superRefine((metadata, ctx) => {
    if (Object.keys(metadata).length > METADATA_LIMITS.keys) ctx.addIssue({ code: 'custom', message: `must have at most ${METADATA_LIMITS.keys} keys` })
    else if (jsonByteLength(metadata, METADATA_LIMITS.bytes) > METADATA_LIMITS.bytes) ctx.addIssue({ code: 'custom', message: `must be at most ${METADATA_LIMITS.bytes / 1024} KiB as JSON` })
  })
  .openapi({ example: { customerId: 'cus_123' }, description: `At most ${METADATA_LIMITS.keys} keys of at most ${METADATA_LIMITS.keyLength} characters, ${METADATA_LIMITS.bytes / 1024} KiB as JSON [sandbox].` })

/** Checks `amount` carries no more decimals than `currency` has; used by every body with both. */
export function checkAmountDecimals(body: { amount: number; currency: AnyCurrency }, ctx: z.RefinementCtx): void {
  const allowed = EXPONENT[body.currency]
  if (decimalsOf(body.amount) > allowed) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: `must have at most ${allowed} decimals for ${body.currency}` })
  }
}

export const CreatePayoutBody = z
  .object({
    amount: Amount,
    currency: Currency,
    destination: z.object({
      orderId: z.string().min(1).optional().openapi({ description: 'Closed loop: pay back the payer of an earlier paid order.' }),
      financialAddress: FinancialAddress.nullable().optional(),
      type: z.enum(PAYOUT_TYPES).optional().openapi({ description: 'Defaults to "customer".' }),
    }),
    metadata: Metadata.optional(),
    paymentReference: z.string().max(140).optional().openapi({ example: 'Refund order 4711' }),
    rail: z.enum(RAILS).optional().openapi({ description: 'Must carry the currency to the destination; without it the usual rail for the currency is taken.' }),
  })
  .superRefine(checkAmountDecimals)
  .superRefine((body, ctx) => {
    const { orderId, financialAddress } = body.destination
    if ((orderId === undefined) === (financialAddress == null)) {
      ctx.addIssue({ code: 'custom', path: ['destination'], message: 'give exactly one of orderId and financialAddress' })
    }
  })
  .openapi('CreatePayoutRequest')
export type CreatePayoutBody = z.infer<typeof CreatePayoutBody>

export const Failure = z
  .object({ code: z.enum(FAILURE_CODES), message: z.string(), retry: z.boolean() })
  .openapi('PayoutFailure')

export const Payout = z
  .object({
    id: z.string().openapi({ example: '0f8c5a7e-3b1d-4c2a-9e61-2f4d8b7a1c90' }),
    amount: z.number().openapi({ example: 100 }),
    currency: Currency,
    destination: FinancialAddress,
    status: z.enum(PAYOUT_STATUSES),
    type: z.enum(PAYOUT_TYPES),
    createdAt: z.string().openapi({ example: '2026-11-24T10:00:00.000Z' }),
    updatedAt: z.string().openapi({ example: '2026-11-24T10:00:01.734Z' }),
    metadata: Metadata.optional(),
    paymentReference: z.string().optional(),
    transactionId: z.string().optional(),
    failure: Failure.optional(),
  })
  .openapi('Payout')
export type Payout = z.infer<typeof Payout>

export const RetrievePayoutBody = z.object({ id: z.string().min(1) }).openapi('RetrievePayoutRequest')

export const ListPayoutsBody = z
  .object({
    limit: z.number().int().min(1).max(100).optional().openapi({ description: 'Default 10, at most 100.' }),
    skip: z.number().int().min(0).optional(),
    type: z.enum(['customer-payout', 'beneficiary-payout']).optional(),
  })
  .openapi('ListPayoutsRequest')

export const PayoutList = listOf(Payout, 'PayoutList')
