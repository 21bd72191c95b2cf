// Shapes of GET /sandbox/events, the journal of payout state changes and injected API faults.
import { z } from '@hono/zod-openapi'
import { listOf, PageQuery } from '../engine/page.js'
import { FAULT_WHEN } from '../faults/types.js'
import { PAYOUT_STATUSES } from '../payouts/states.js'

export const JournalEntry = z
  .object({
    id: z.number().int(),
    payoutId: z.string().nullable().openapi({ description: 'Null only on a fault answered before the request acted.' }),
    at: z.string(),
    from: z.enum(PAYOUT_STATUSES).nullable(),
    to: z.enum(PAYOUT_STATUSES).nullable().openapi({ description: 'Null only on a fault row.' }),
    source: z.enum(['api', 'simulator', 'sandbox', 'fault']),
    rule: z.string().nullable(),
    reasonCode: z.string().nullable(),
    failureCode: z.string().nullable(),
    fault: z
      .object({ path: z.string(), status: z.number().int(), when: z.enum(FAULT_WHEN) })
      .nullable()
      .openapi({ description: 'On a row of source "fault": the Ivy path, the status answered, and whether the request acted first ("after").' }),
  })
  .openapi('JournalEntry')

export const JournalQuery = PageQuery.extend({ payoutId: z.string().optional() })

export const JournalList = listOf(JournalEntry, 'JournalList')
export type JournalEntry = z.infer<typeof JournalEntry>
