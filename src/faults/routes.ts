// POST /sandbox/faults arms faults on the caller's API requests, GET lists them (and the
// scenario's standing ones), DELETE clears the armed ones.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { ApiFault, ArmFaultBody, ClearedFaults, FaultList } from './schemas.js'
import { armFault, clearFaults, listFaults } from './service.js'

export const armFaultRoute = sandboxRoute({
  method: 'post',
  path: 'faults',
  operationId: 'sandboxArmFault',
  tag: TAGS.sandboxFaults,
  summary: "Make the merchant's next `times` requests to an Ivy path fail with 429, 500, 502, 503 or 504, before or after acting",
  request: jsonBody(ArmFaultBody),
  response: ApiFault,
  errors: [400],
})

export const listFaultsRoute = sandboxRoute({
  method: 'get',
  path: 'faults',
  operationId: 'sandboxListFaults',
  tag: TAGS.sandboxFaults,
  summary: "The armed faults, in the order they fire, and the scenario's standing ones",
  response: FaultList,
})

export const clearFaultsRoute = sandboxRoute({
  method: 'delete',
  path: 'faults',
  operationId: 'sandboxClearFaults',
  tag: TAGS.sandboxFaults,
  summary: 'Remove every armed fault of the merchant (standing ones belong to the scenario)',
  response: ClearedFaults,
})

export function registerFaultRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(armFaultRoute, (c) => c.json(armFault(rt, c.get('context'), c.req.valid('json')), 200))
  app.openapi(listFaultsRoute, (c) => c.json(listFaults(rt, c.get('context')), 200))
  app.openapi(clearFaultsRoute, (c) => c.json({ cleared: clearFaults(rt, c.get('merchant').id) }, 200))
}
