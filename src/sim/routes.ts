// /sandbox/clock and /sandbox/scenario, each acting on the merchant of the X-Ivy-Api-Key sent.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { advanceClock, freezeClock, renderAdvance, resumeClock, viewClock } from './clock.js'
import { AdvanceClockBody, AdvanceResult, Clock, ResumeClockBody, ScenarioView, SetScenarioBody } from './schemas.js'
import { setScenario, viewScenario } from './scenario/service.js'

export const getClockRoute = sandboxRoute({
  method: 'get',
  path: 'clock',
  operationId: 'sandboxGetClock',
  tag: TAGS.sandboxClock,
  summary: "The merchant's sandbox time",
  response: Clock,
})

export const advanceClockRoute = sandboxRoute({
  method: 'post',
  path: 'clock/advance',
  operationId: 'sandboxAdvanceClock',
  tag: TAGS.sandboxClock,
  summary: 'Move the clock forward and run everything that falls due, in order, before answering',
  description: '`{ "by": "90s" | "15m" | "6d" }` or `{ "to": "<ISO time>" }`; a `to` in the past is a 400.',
  request: jsonBody(AdvanceClockBody),
  response: AdvanceResult,
  errors: [400],
})

export const freezeClockRoute = sandboxRoute({
  method: 'post',
  path: 'clock/freeze',
  operationId: 'sandboxFreezeClock',
  tag: TAGS.sandboxClock,
  summary: 'Stop the clock; it then moves only when advanced',
  response: Clock,
})

export const resumeClockRoute = sandboxRoute({
  method: 'post',
  path: 'clock/resume',
  operationId: 'sandboxResumeClock',
  tag: TAGS.sandboxClock,
  summary: 'Let the clock follow wall time again, optionally sped up',
  request: { body: { required: false, content: { 'application/json': { schema: ResumeClockBody } } } },
  response: Clock,
  errors: [400],
})

export const getScenarioRoute = sandboxRoute({
  method: 'get',
  path: 'scenario',
  operationId: 'sandboxGetScenario',
  tag: TAGS.sandboxScenario,
  summary: "The merchant's active scenario",
  response: ScenarioView,
})

export const putScenarioRoute = sandboxRoute({
  method: 'put',
  path: 'scenario',
  operationId: 'sandboxSetScenario',
  tag: TAGS.sandboxScenario,
  summary: 'Switch to a shipped scenario by name, or upload one as YAML',
  description: 'An invalid file is refused whole; the error names its line, column and the path of the bad field.',
  request: jsonBody(SetScenarioBody),
  response: ScenarioView,
  errors: [400],
})

export function registerSimRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(getClockRoute, (c) => c.json(viewClock(rt, c.get('merchant').id), 200))
  app.openapi(advanceClockRoute, async (c) => c.json(renderAdvance(await advanceClock(rt, c.get('merchant').id, c.req.valid('json'))), 200))
  app.openapi(freezeClockRoute, async (c) => c.json(await freezeClock(rt, c.get('merchant').id), 200))
  app.openapi(resumeClockRoute, async (c) => c.json(await resumeClock(rt, c.get('merchant').id, c.req.valid('json').speed), 200))
  app.openapi(getScenarioRoute, (c) => c.json(viewScenario(rt, c.get('merchant').id), 200))
  app.openapi(putScenarioRoute, (c) => c.json(setScenario(rt, c.get('merchant').id, c.req.valid('json')), 200))
}
