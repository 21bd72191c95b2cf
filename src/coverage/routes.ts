// GET /sandbox/coverage: what the caller's merchant (or, with ?merchants=all, every merchant
// added up) exercised of its scenario, webhooks and API faults, and what it never did.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { CoverageQuery, CoverageReport } from './schemas.js'
import { coverageReport } from './service.js'

export const coverageRoute = sandboxRoute({
  method: 'get',
  path: 'coverage',
  operationId: 'sandboxCoverage',
  tag: TAGS.sandboxCoverage,
  summary: 'Coverage: each scenario rule and branch, status, failure code, webhook outcome and API fault with its count, and what was never reached, in words',
  description:
    'An item is required when the scenario can produce it; a required item without hits is listed under `uncovered`. ' +
    'With `merchants=all`, every merchant of the sandbox is added up: the answer holds names and counts only.',
  request: { query: CoverageQuery },
  response: CoverageReport,
  errors: [400],
})

export function registerCoverageRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(coverageRoute, (c) => c.json(coverageReport(rt, c.req.valid('query').merchants ?? c.get('merchant')), 200))
}
