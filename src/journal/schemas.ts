// Shapes of GET /sandbox/events, the journal of payout state changes.
import { z } from '@hono/zod-openapi'
import { listOf } from '../http/list.js'
import { PAYOUT_STATUSES } from '../payouts/states.js'

export const JournalEntry = z
  .object({
    id: z.number().int(),
    payoutId: z.string(),
    at: z.string(),
    from: z.enum(PAYOUT_STATUSES).nullable(),
    to: z.enum(PAYOUT_STATUSES),
    source: z.enum(['api', 'simulator', 'sandbox']),
    rule: z.string().nullable(),
    reasonCode: z.string().nullable(),
    failureCode: z.string().nullable(),
  })
  .openapi('JournalEntry')

export const JournalQuery = z.object({
  payoutId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  skip: z.coerce.number().int().min(0).optional(),
})

export const JournalList = listOf(JournalEntry, 'JournalList')
export type JournalEntry = z.infer<typeof JournalEntry>
