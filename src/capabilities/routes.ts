// Ivy's merchant/capabilities/details.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import { Capabilities, CapabilitiesBody } from './schemas.js'
import { capabilitiesIn } from './service.js'

export const capabilitiesRoute = ivyRoute({
  path: 'merchant/capabilities/details',
  operationId: 'merchantCapabilitiesDetails',
  tag: TAGS.capabilities,
  summary: "The merchant's capabilities in a market",
  description: '`ais` and `pis` in the countries of the SEPA schemes (the United Kingdom included), `[]` elsewhere [sandbox].',
  body: CapabilitiesBody,
  response: Capabilities,
})

export function registerCapabilityRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(capabilitiesRoute, (c) => c.json(capabilitiesIn(c.req.valid('json').market), 200))
}
