// Shapes of the API faults: the body of POST /sandbox/faults, an armed fault as listed, and the
// standing faults a scenario declares under `api.faults` (src/sim/scenario/schema.ts). Their
// plain types are in types.ts; the routes' typed responses keep the two in step.
import { z } from '@hono/zod-openapi'
import { IVY_PATHS } from '../engine/ivy-api.js'
import { parseDuration } from '../lib/duration.js'
import { FAULT_STATUSES, FAULT_WHEN } from './types.js'

/** Longest a faulty answer is held [sandbox]: past Ivy SDK time-outs would only slow suites down. */
const MAX_FAULT_DELAY_MS = 30_000
/** The most requests one POST arms, and the longest Retry-After, in seconds [sandbox]. */
const MAX_TIMES = 1_000
const MAX_RETRY_AFTER_S = 3_600

const FaultDelay = z.string().refine((text) => {
  const ms = parseDuration(text)
  return ms !== undefined && ms <= MAX_FAULT_DELAY_MS
}, 'expected a duration of at most 30s, like "300ms" or "2s"')

/** What every fault says, armed or standing. */
const FaultFields = {
  path: z.enum(IVY_PATHS).openapi({ description: 'The Ivy operation, as after /api/service/', example: 'payout/create' }),
  status: z.literal(FAULT_STATUSES).openapi({ description: 'The status answered', example: 503 }),
  when: z.enum(FAULT_WHEN).openapi({
    description: '"before": answered without acting. "after": the request is acted on and committed, then its answer is replaced, as when a response is lost.',
  }),
  retryAfter: z.number().int().min(0).max(MAX_RETRY_AFTER_S).optional().openapi({ description: 'Seconds, sent as the Retry-After header' }),
  delay: FaultDelay.optional().openapi({ description: 'Wall time the answer is held first (at most 30s)', example: '500ms' }),
}

export const ArmFaultBody = z
  .strictObject({
    ...FaultFields,
    times: z.number().int().min(1).max(MAX_TIMES).default(1).openapi({ description: "How many of the merchant's next requests to the path fail" }),
  })
  .openapi('ArmFaultBody')
export type ArmFaultBody = z.infer<typeof ArmFaultBody>

export const StandingFault = z
  .strictObject({
    ...FaultFields,
    share: z.number().min(0).max(1).openapi({ description: 'The share of requests to the path that fail, drawn from the seed' }),
  })
  .openapi('StandingFault')

export const ApiFault = z
  .object({
    id: z.number().int(),
    path: z.enum(IVY_PATHS),
    status: z.literal(FAULT_STATUSES),
    when: z.enum(FAULT_WHEN),
    remaining: z.number().int().openapi({ description: 'Requests still to fail' }),
    retryAfter: z.number().int().nullable(),
    delay: z.string().nullable(),
    createdAt: z.string().openapi({ description: 'Sandbox time it was armed' }),
  })
  .openapi('ApiFault')

export const FaultList = z
  .object({
    armed: z.array(ApiFault).openapi({ description: 'Armed faults, in the order they fire' }),
    standing: z.array(StandingFault).openapi({ description: "The standing faults of the merchant's scenario (api.faults)" }),
  })
  .openapi('FaultList')

export const ClearedFaults = z.object({ cleared: z.number().int().openapi({ description: 'Armed faults removed' }) }).openapi('ClearedFaults')
