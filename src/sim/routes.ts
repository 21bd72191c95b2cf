// /sandbox/clock and /sandbox/scenario, each acting on the merchant of the X-Ivy-Api-Key sent.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { jsonBody, sandboxResponses, TAGS, API_KEY_SCHEME } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { advanceClock, freezeClock, renderAdvance, resumeClock, viewClock } from './clock.js'
import { AdvanceClockBody, AdvanceResult, Clock, ResumeClockBody, ScenarioView, SetScenarioBody } from './schemas.js'
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
  request: jsonBody(SetScenarioBody),
  responses: sandboxResponses('The scenario now active', ScenarioView, 400, 401),
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
}
