// Shapes of the sandbox clock and journal endpoints (/sandbox/clock, /sandbox/events).
import { z } from '@hono/zod-openapi'
import { DURATION_HINT, parseDuration } from '../lib/duration.js'
import { listOf } from '../http/list.js'
import { PAYOUT_STATUSES } from '../payouts/states.js'

export const ClockMode = z.enum(['frozen', 'realtime'])

export const Clock = z
  .object({
    now: z.string().openapi({ example: '2026-11-24T10:00:00.000Z' }),
    mode: ClockMode,
    speed: z.number().openapi({ description: 'Sandbox seconds per wall second while realtime.' }),
  })
  .openapi('SandboxClock')

export const Speed = z.number().positive().max(1_000_000)
export const IsoTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-24T10:00:00Z' })

export const ClockSettings = z
  .object({ mode: ClockMode, now: IsoTime.optional(), speed: Speed.optional() })
  .openapi('SandboxClockSettings')

export const Duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, `must be ${DURATION_HINT}`)
  .openapi({ example: '6d' })

export const AdvanceClockBody = z
  .object({ by: Duration.optional(), to: IsoTime.optional() })
  .refine((body) => (body.by === undefined) !== (body.to === undefined), 'give exactly one of "by" and "to"')
  .openapi('AdvanceClockRequest')

export const ResumeClockBody = z.object({ speed: Speed.optional() }).openapi('ResumeClockRequest')

export const FiredTransition = z
  .object({ payoutId: z.string(), from: z.enum(PAYOUT_STATUSES), to: z.enum(PAYOUT_STATUSES), at: z.string() })
  .openapi('FiredTransition')

export const AdvanceResult = z.object({ now: z.string(), fired: z.array(FiredTransition) }).openapi('AdvanceClockResult')

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
