// Shapes of GET /sandbox/events, the journal of payout state changes.
import { z } from '@hono/zod-openapi'
import { listOf, PageQuery } from '../http/list.js'
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

export const JournalQuery = PageQuery.extend({ payoutId: z.string().optional() })

export const JournalList = listOf(JournalEntry, 'JournalList')
export type JournalEntry = z.infer<typeof JournalEntry>
