// Shapes of the sandbox clock and scenario endpoints (/sandbox/clock, /sandbox/scenario).
import { z } from '@hono/zod-openapi'
import { MAX_TIME, toIso } from '../lib/clock.js'
import { DURATION_HINT, parseDuration } from '../lib/duration.js'

export const ClockMode = z.enum(['frozen', 'realtime'])

export const Clock = z
  .object({
    now: z.string().openapi({ example: '2026-11-24T10:00:00.000Z' }),
    mode: ClockMode,
    speed: z.number().openapi({ description: 'Sandbox seconds per wall second while realtime.' }),
  })
  .openapi('SandboxClock')

export const Speed = z.number().positive().max(1_000_000)
export const IsoTime = z.iso
  .datetime({ offset: true })
  // An offset can carry the last day of year 9999 past the sandbox's last instant.
  .refine((text) => Date.parse(text) <= MAX_TIME, `must be at most ${toIso(MAX_TIME)}`)
  .openapi({ example: '2026-11-24T10:00:00Z' })

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
  .object({
    object: z.enum(['payout', 'refund', 'return', 'order']).openapi({ description: 'What changed status.' }),
    id: z.string(),
    payoutId: z.string().optional().openapi({ description: 'The payout id again, for payout changes.' }),
    from: z.string().openapi({ example: 'pending' }),
    to: z.string().openapi({ example: 'paid' }),
    at: z.string(),
  })
  .openapi('FiredTransition')

export const AdvanceResult = z.object({ now: z.string(), fired: z.array(FiredTransition) }).openapi('AdvanceClockResult')

export const ScenarioView = z
  .object({
    name: z.string(),
    source: z.enum(['shipped', 'uploaded']),
    seed: z.number().int(),
    description: z.string().nullable(),
    rules: z.array(z.string()),
    yaml: z.string(),
    shipped: z.array(z.string()),
  })
  .openapi('SandboxScenario')
export type ScenarioView = z.infer<typeof ScenarioView>

/**
 * [sandbox] The largest scenario YAML accepted, in UTF-8 bytes: six times the largest shipped
 * one. Parsing is synchronous, and a dense 64 KiB takes about 0.1 s; 256 KiB took up to 0.9 s,
 * holding every other merchant's requests that long.
 */
const MAX_SCENARIO_BYTES = 64 * 1024

export const SetScenarioBody = z
  .object({
    name: z.string().optional(),
    yaml: z
      .string()
      .refine((yaml) => Buffer.byteLength(yaml) <= MAX_SCENARIO_BYTES, `must be at most ${MAX_SCENARIO_BYTES / 1024} KiB of YAML`)
      .optional(),
    seed: z.number().int().nullable().optional(),
  })
  .openapi('SandboxSetScenarioRequest')
