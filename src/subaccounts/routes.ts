// Ivy's subaccount/create and subaccount/retrieve.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { CreateSubaccountBody, RetrieveSubaccountBody, Subaccount } from './schemas.js'
import { createSubaccount, retrieveSubaccount, toSubaccount } from './service.js'

export const createSubaccountRoute = ivyRoute({
  path: 'subaccount/create',
  operationId: 'createSubaccount',
  tag: TAGS.subaccounts,
  summary: 'Create a subaccount (active) to book orders on',
  body: CreateSubaccountBody,
  response: Subaccount,
})

export const retrieveSubaccountRoute = ivyRoute({
  path: 'subaccount/retrieve',
  operationId: 'retrieveSubaccount',
  tag: TAGS.subaccounts,
  summary: 'Retrieve a subaccount',
  body: RetrieveSubaccountBody,
  response: Subaccount,
  errors: [404],
})

export function registerSubaccountRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createSubaccountRoute, (c) => {
    const body = c.req.valid('json')
    return c.json(idempotent(rt, c, () => toSubaccount(createSubaccount(rt, c.get('context'), body))), 200)
  })
  app.openapi(retrieveSubaccountRoute, (c) => c.json(toSubaccount(retrieveSubaccount(rt, c.get('context'), c.req.valid('json').id)), 200))
}
