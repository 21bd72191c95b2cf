// /sandbox/clock, /sandbox/scenario and /sandbox/events, each acting on the merchant of the
// X-Ivy-Api-Key sent.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { envelope } from '../http/list.js'
import { jsonBody, sandboxResponses, TAGS, API_KEY_SCHEME } from '../http/routes.js'
import { toIso } from '../lib/clock.js'
import { listJournal } from '../journal/repo.js'
import type { Runtime } from '../runtime.js'
import { advanceClock, freezeClock, renderAdvance, resumeClock, viewClock } from './clock.js'
import { AdvanceClockBody, AdvanceResult, Clock, JournalEntry, JournalList, JournalQuery, ResumeClockBody } from './schemas.js'
import { setScenario, viewScenario } from './scenario/service.js'

const security = [{ [API_KEY_SCHEME]: [] }]

export const getClockRoute = createRoute({
  method: 'get',
  path: '/sandbox/clock',
  operationId: 'sandboxGetClock',
  tags: [TAGS.sandboxClock],
  summary: "The merchant's sandbox time",
  security,
  responses: sandboxResponses('The clock', Clock, 401),
})

export const advanceClockRoute = createRoute({
  method: 'post',
  path: '/sandbox/clock/advance',
  operationId: 'sandboxAdvanceClock',
  tags: [TAGS.sandboxClock],
  summary: 'Move the clock forward and run everything that falls due, in order, before answering',
  description: '`{ "by": "90s" | "15m" | "6d" }` or `{ "to": "<ISO time>" }`; a `to` in the past is a 400.',
  security,
  request: jsonBody(AdvanceClockBody),
  responses: sandboxResponses('Where the clock stands and the payout transitions that fired', AdvanceResult, 400, 401),
})

export const freezeClockRoute = createRoute({
  method: 'post',
  path: '/sandbox/clock/freeze',
  operationId: 'sandboxFreezeClock',
  tags: [TAGS.sandboxClock],
  summary: 'Stop the clock; it then moves only when advanced',
  security,
  responses: sandboxResponses('The clock', Clock, 401),
})

export const resumeClockRoute = createRoute({
  method: 'post',
  path: '/sandbox/clock/resume',
  operationId: 'sandboxResumeClock',
  tags: [TAGS.sandboxClock],
  summary: 'Let the clock follow wall time again, optionally sped up',
  security,
  request: { body: { required: false, content: { 'application/json': { schema: ResumeClockBody } } } },
  responses: sandboxResponses('The clock', Clock, 400, 401),
})

const ScenarioView = z
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

export const getScenarioRoute = createRoute({
  method: 'get',
  path: '/sandbox/scenario',
  operationId: 'sandboxGetScenario',
  tags: [TAGS.sandboxScenario],
  summary: "The merchant's active scenario",
  security,
  responses: sandboxResponses('The scenario', ScenarioView, 401),
})

export const putScenarioRoute = createRoute({
  method: 'put',
  path: '/sandbox/scenario',
  operationId: 'sandboxSetScenario',
  tags: [TAGS.sandboxScenario],
  summary: 'Switch to a shipped scenario by name, or upload one as YAML',
  description: 'An invalid file is refused whole; the error names its line, column and the path of the bad field.',
  security,
  request: jsonBody(
    z
      .object({ name: z.string().optional(), yaml: z.string().max(256 * 1024).optional(), seed: z.number().int().nullable().optional() })
      .openapi('SandboxSetScenarioRequest'),
  ),
  responses: sandboxResponses('The scenario now active', ScenarioView, 400, 401),
})

export const listEventsRoute = createRoute({
  method: 'get',
  path: '/sandbox/events',
  operationId: 'sandboxListEvents',
  tags: [TAGS.sandboxClock],
  summary: "The journal: every state change of the merchant's payouts, newest first",
  security,
  request: { query: JournalQuery },
  responses: sandboxResponses('Journal entries', JournalList, 400, 401),
})

export function registerSimRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(getClockRoute, (c) => c.json(viewClock(rt, c.get('merchant').id), 200))
  app.openapi(advanceClockRoute, async (c) => {
    const body = c.req.valid('json')
    const target = body.by !== undefined ? { by: body.by } : { to: body.to! }
    return c.json(renderAdvance(await advanceClock(rt, c.get('merchant').id, target)), 200)
  })
  app.openapi(freezeClockRoute, async (c) => c.json(await freezeClock(rt, c.get('merchant').id), 200))
  app.openapi(resumeClockRoute, async (c) => c.json(await resumeClock(rt, c.get('merchant').id, c.req.valid('json').speed), 200))
  app.openapi(getScenarioRoute, (c) => c.json(viewScenario(rt, c.get('merchant').id), 200))
  app.openapi(putScenarioRoute, (c) => c.json(setScenario(rt, c.get('merchant').id, c.req.valid('json')), 200))
  app.openapi(listEventsRoute, (c) => {
    const { payoutId, limit = 20, skip = 0 } = c.req.valid('query')
    const { rows, count } = listJournal(rt.db, c.get('merchant').id, payoutId, skip, limit)
    const items: Array<z.infer<typeof JournalEntry>> = rows.map((r) => ({
      id: r.id,
      payoutId: r.payout_id,
      at: toIso(r.at),
      from: r.from_status as z.infer<typeof JournalEntry>['from'],
      to: r.to_status as z.infer<typeof JournalEntry>['to'],
      source: r.source as z.infer<typeof JournalEntry>['source'],
      rule: r.rule,
      reasonCode: r.reason_code,
      failureCode: r.failure_code,
    }))
    return c.json(envelope(items, count, skip), 200)
  })
}
