// Ivy's return/create and return/retrieve.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { toReturn } from './render.js'
import { CreateReturnBody, RetrieveReturnBody, Return } from './schemas.js'
import { createReturn, retrieveReturn } from './service.js'

export const createReturnRoute = ivyRoute({
  path: 'return/create',
  operationId: 'createReturn',
  tag: TAGS.deposits,
  summary: 'Send a deposit back to its payer, whole',
  description:
    'The return starts `initiated` with the amount reserved, then succeeds (or fails) on the scenario\'s timeline. ' +
    '409 on depositId while the deposit has a return that is not failed, or [sandbox] when the available balance does not cover it.',
  body: CreateReturnBody,
  response: Return,
  errors: [404, 409],
})

export const retrieveReturnRoute = ivyRoute({
  path: 'return/retrieve',
  operationId: 'retrieveReturn',
  tag: TAGS.deposits,
  summary: 'Retrieve a return',
  body: RetrieveReturnBody,
  response: Return,
  errors: [404],
})

export function registerReturnRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createReturnRoute, (c) => {
    const { depositId } = c.req.valid('json')
    return c.json(idempotent(rt, c, () => toReturn(createReturn(rt, c.get('context'), depositId))), 200)
  })
  app.openapi(retrieveReturnRoute, (c) => c.json(toReturn(retrieveReturn(rt, c.get('context'), c.req.valid('json').id)), 200))
}
