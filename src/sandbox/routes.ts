// The sandbox's own health check (no key): what a container's HEALTHCHECK, docker-compose's
// `depends_on: condition: service_healthy` or a CI wait loop asks before sending requests.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { sandboxRoute, TAGS } from '../http/routes.js'

export const healthRoute = sandboxRoute({
  method: 'get',
  open: true,
  path: 'health',
  operationId: 'sandboxHealth',
  tag: TAGS.sandboxMerchants,
  summary: 'Whether the sandbox is up and answering (no key needed)',
  response: z.object({ status: z.literal('ok') }).openapi('SandboxHealth'),
})

export function registerSandboxRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
}
