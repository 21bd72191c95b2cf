// GET /sandbox/requests: the caller's request log, newest first, paged and filtered.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { envelope } from '../http/list.js'
import { sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { listRequests } from './repo.js'
import { ApiRequestList, RequestQuery } from './schemas.js'
import { statusFilter, toApiRequest } from './service.js'

export const listRequestsRoute = sandboxRoute({
  method: 'get',
  path: 'requests',
  operationId: 'sandboxListRequests',
  tag: TAGS.sandboxMerchants,
  summary: "The merchant's last 1,000 API calls, newest first: method, path, status, time, idempotency key and both bodies",
  request: { query: RequestQuery },
  response: ApiRequestList,
  errors: [400],
})

export function registerRequestRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(listRequestsRoute, (c) => {
    const { limit, skip, path, method, status } = c.req.valid('query')
    const { rows, count } = listRequests(rt.db, c.get('merchant').id, { path, method, status: statusFilter(status) }, skip, limit)
    return c.json(envelope({ items: rows.map(toApiRequest), count, skip }), 200)
  })
}
