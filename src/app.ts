// The HTTP application: middleware, every domain's routes, error rendering, /openapi.json.
import { OpenAPIHono } from '@hono/zod-openapi'
import { registerBalanceRoutes } from './balance/routes.js'
import { registerBeneficiaryPayoutRoutes } from './beneficiary-payouts/routes.js'
import { registerCapabilityRoutes } from './capabilities/routes.js'
import { registerCoverageRoutes } from './coverage/routes.js'
import { registerDashboard } from './dashboard/routes.js'
import { registerDepositRoutes } from './deposits/routes.js'
import { registerFaultRoutes } from './faults/routes.js'
import { API_KEY_HEADER } from './engine/ivy-api.js'
import { authenticate } from './http/auth.js'
import { catchUp } from './http/catch-up.js'
import { readBody, validationHook } from './http/body.js'
import type { AppEnv } from './http/env.js'
import { checkHost } from './http/host.js'
import { ApiError, onError } from './http/errors.js'
import { injectFaults } from './http/faults.js'
import { guardInFlight } from './http/idempotency.js'
import { recordRequests } from './http/record-requests.js'
import { logRequests, type LogLine } from './http/request-log.js'
import { API_KEY_SCHEME, TAGS } from './http/routes.js'
import { registerJournalRoutes } from './journal/routes.js'
import { registerLedgerRoutes } from './ledger/routes.js'
import { registerMerchantRoutes } from './merchants/routes.js'
import { registerOrderRoutes } from './orders/routes.js'
import { registerPayeeRoutes } from './payee/routes.js'
import { registerRefundRoutes } from './refunds/routes.js'
import { registerSubaccountRoutes } from './subaccounts/routes.js'
import { registerPayoutRoutes } from './payouts/routes.js'
import { registerPayoutSandboxRoutes } from './payouts/sandbox-routes.js'
import type { Runtime } from './runtime.js'
import { registerRequestRoutes } from './requests/routes.js'
import { registerReturnRoutes } from './returns/routes.js'
import { registerSandboxRoutes } from './sandbox/routes.js'
import { registerSimRoutes } from './sim/routes.js'
import { registerSnapshotRoutes } from './snapshots/routes.js'
import { registerWebhookRoutes } from './webhooks/routes.js'
import { registerWebhookSandboxRoutes } from './webhooks/sandbox-routes.js'

/** Sandbox paths anyone may call: creating a merchant, the health check, and posting to the built-in webhook receiver. */
function isOpenSandboxPath(method: string, path: string): boolean {
  return (method === 'POST' && (path === '/sandbox/merchants' || path.startsWith('/sandbox/inbox/'))) || (method === 'GET' && path === '/sandbox/health')
}

export interface AppOptions {
  /** Where the one line per request goes; none by default (a test suite's sandbox is quiet). */
  log?: LogLine
}

export function createApp(rt: Runtime, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.onError(onError)
  app.notFound((c) => {
    throw new ApiError({ status: 404, code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` })
  })

  app.use('*', checkHost(rt))
  if (options.log) app.use('*', logRequests(rt, options.log))
  // No response goes out before the state it reports (or saw) is committed.
  app.use('*', async (_, next) => {
    await next()
    await rt.db.durable()
  })
  app.use('*', recordRequests(rt))
  app.use('*', readBody())
  const auth = authenticate(rt)
  const caughtUp = catchUp(rt)
  app.use('/api/service/*', auth, caughtUp, guardInFlight(), injectFaults(rt))
  app.use('/sandbox/*', (c, next) => (isOpenSandboxPath(c.req.method, c.req.path) ? next() : auth(c, async () => {
      await caughtUp(c, next)
    })))

  registerPayoutRoutes(app, rt)
  registerBalanceRoutes(app, rt)
  registerBeneficiaryPayoutRoutes(app, rt)
  registerCapabilityRoutes(app)
  registerOrderRoutes(app, rt)
  registerDepositRoutes(app, rt)
  registerReturnRoutes(app, rt)
  registerRefundRoutes(app, rt)
  registerSubaccountRoutes(app, rt)
  registerLedgerRoutes(app, rt)
  registerPayeeRoutes(app)
  registerWebhookRoutes(app, rt)
  registerMerchantRoutes(app, rt)
  registerPayoutSandboxRoutes(app, rt)
  registerSimRoutes(app, rt)
  registerJournalRoutes(app, rt)
  registerWebhookSandboxRoutes(app, rt)
  registerRequestRoutes(app, rt)
  registerFaultRoutes(app, rt)
  registerSnapshotRoutes(app, rt)
  registerCoverageRoutes(app, rt)
  registerSandboxRoutes(app)
  registerDashboard(app, rt)

  app.openAPIRegistry.registerComponent('securitySchemes', API_KEY_SCHEME, { type: 'apiKey', in: 'header', name: API_KEY_HEADER })
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Ivy payouts API (ivy-sandbox)',
      version: '1.0.0',
      description:
        "Ivy's payouts API as the sandbox answers it, plus the sandbox's own controls under /sandbox. " +
        'Every Ivy operation is a POST with a JSON body and the X-Ivy-Api-Key header.',
    },
    tags: Object.values(TAGS).map((name) => ({ name })),
  })
  return app
}
