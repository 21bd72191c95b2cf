/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The dashboard's routes: server-rendered pages (plain Hono routes, not part of the OpenAPI
// document), the form actions under /dashboard/, and static files under /assets/ and
// /docs/assets/. Every page is rendered for the merchant of the dashboard cookie, inside the
// frame with its clock.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, Handler } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppEnv } from '../http/env.js'
import { parseOrThrow, refusalOf } from '../http/errors.js'
import type { MerchantContext } from '../engine/context.js'
import type { MerchantRow } from '../db/schema.js'
import type { Runtime } from '../runtime.js'
import { SetScenarioBody } from '../sim/schemas.js'
import { setScenario } from '../sim/scenario/service.js'
import { registerActions } from './actions.js'
import { dashboardAssets } from './assets.js'
import { registerLive } from './live.js'
import { DocsPage, docsHead, swaggerAssets } from './docs.js'
import { pageHeaders, renderPage, type FrameDef } from './frame.js'
import { readFlash, readSkip, withFlash } from './navigation.js'
import { CoveragePage } from './pages/coverage.js'
import { DepositPage, DepositsPage, ReturnPage } from './pages/deposits.js'
import { MerchantPage } from './pages/merchant.js'
import { MoneyPage, readMoneyQuery } from './pages/money.js'
import { NewPayoutPage } from './pages/new-payout.js'
import { OrderPage, OrdersPage } from './pages/orders.js'
import { PayoutPage } from './pages/payout.js'
import { PayoutsPage, readPayoutsQuery } from './pages/payouts.js'
import { RefundPage, RefundsPage } from './pages/refunds.js'
import { readRequestsQuery, RequestsPage } from './pages/requests.js'
import { ScenarioPage, type ScenarioDraft } from './pages/scenario.js'
import { SubaccountsPage } from './pages/subaccounts.js'
import { WebhooksPage } from './pages/webhooks.js'
import { dashboardContext } from './session.js'
import { Empty } from './ui.js'

interface PageInput {
  c: Context<AppEnv>
  merchant: MerchantRow
  ctx: MerchantContext
  url: URL
}

interface PageDef extends FrameDef {
  render: (input: PageInput) => Child
}

/**
 * Renders a page in the frame. Components run while the document is rendered, so a refusal from
 * a service (an unknown payout id) is caught there and shown as an error page.
 */
function page(rt: Runtime, def: PageDef): Handler<AppEnv> {
  return async (c) => {
    const ctx = await dashboardContext(rt, c)
    const { merchant } = ctx
    const url = new URL(c.req.url)
    const render = (body: Child) => renderPage(rt, merchant, url, { live: [], ...def }, body, readFlash(url))
    try {
      return c.html(await render(def.render({ c, merchant, ctx, url })))
    } catch (err) {
      const refusal = refusalOf(err)
      if (!refusal) throw err
      return c.html(await render(<Empty>{refusal.message}.</Empty>), refusal.status)
    }
  }
}

export function registerDashboard(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.get('/assets/:file', dashboardAssets)
  app.get('/docs/assets/:file', swaggerAssets)

  const get = (path: string, def: PageDef) => app.get(path, pageHeaders, page(rt, def))
  get('/', { nav: '/', title: 'Payouts', live: ['payouts'], render: ({ merchant, url }) => <PayoutsPage rt={rt} merchant={merchant} query={readPayoutsQuery(url)} origin={url.origin} /> })
  get('/new-payout', { nav: '/', title: 'New payout', render: () => <NewPayoutPage /> })
  get('/payouts/:id', { nav: '/', title: 'Payout', live: ['payouts', 'webhooks'], render: ({ c, merchant, ctx }) => <PayoutPage rt={rt} merchant={merchant} ctx={ctx} id={c.req.param('id')!} /> })
  get('/orders', { nav: '/orders', title: 'Orders', render: ({ merchant, url }) => <OrdersPage rt={rt} merchant={merchant} skip={readSkip(url)} /> })
  get('/orders/:id', { nav: '/orders', title: 'Order', live: ['payouts', 'orders', 'money'], render: ({ c, merchant, ctx }) => <OrderPage rt={rt} merchant={merchant} ctx={ctx} id={c.req.param('id')!} /> })
  // Money and the objects it moves for (refunds, deposits and their returns, subaccounts): the
  // 'money' kind is told on every booking those objects make.
  get('/money', { nav: '/money', title: 'Money', live: ['money'], render: ({ merchant, url }) => <MoneyPage rt={rt} merchant={merchant} query={readMoneyQuery(url, readSkip(url))} origin={url.origin} /> })
  get('/refunds', { nav: '/money', title: 'Refunds', live: ['money'], render: ({ merchant, url }) => <RefundsPage rt={rt} merchant={merchant} skip={readSkip(url)} origin={url.origin} /> })
  get('/refunds/:id', { nav: '/money', title: 'Refund', live: ['money'], render: ({ c, merchant }) => <RefundPage rt={rt} merchant={merchant} id={c.req.param('id')!} /> })
  get('/deposits', { nav: '/money', title: 'Deposits', live: ['money'], render: ({ merchant, url }) => <DepositsPage rt={rt} merchant={merchant} skip={readSkip(url)} origin={url.origin} /> })
  get('/deposits/:id', { nav: '/money', title: 'Deposit', live: ['money'], render: ({ c, merchant, url }) => <DepositPage rt={rt} merchant={merchant} id={c.req.param('id')!} origin={url.origin} /> })
  get('/returns/:id', { nav: '/money', title: 'Return', live: ['money'], render: ({ c, merchant }) => <ReturnPage rt={rt} merchant={merchant} id={c.req.param('id')!} /> })
  get('/subaccounts', { nav: '/money', title: 'Subaccounts', render: ({ merchant, url }) => <SubaccountsPage rt={rt} merchant={merchant} skip={readSkip(url)} origin={url.origin} /> })
  get('/webhooks', { nav: '/webhooks', title: 'Webhooks', live: ['webhooks'], render: ({ merchant, url }) => <WebhooksPage rt={rt} merchant={merchant} origin={url.origin} /> })
  get('/requests', { nav: '/requests', title: 'Requests', live: ['requests'], render: ({ merchant, url }) => <RequestsPage rt={rt} merchant={merchant} query={readRequestsQuery(url)} origin={url.origin} /> })
  get('/scenario', { nav: '/scenario', title: 'Scenario', render: ({ merchant }) => <ScenarioPage rt={rt} merchant={merchant} /> })
  // The scenario editor: a refused YAML comes back in the editor as typed, its error marked,
  // instead of a redirect that would show the active scenario's text again.
  app.post('/dashboard/scenario/yaml', pageHeaders, async (c) => {
    const { merchant } = await dashboardContext(rt, c)
    const form = await c.req.parseBody()
    // A textarea posts its lines ending in CRLF: the YAML as typed has LF.
    const yaml = typeof form.yaml === 'string' ? form.yaml.replace(/\r\n?/g, '\n') : ''
    try {
      const { name } = setScenario(rt, merchant.id, parseOrThrow(SetScenarioBody, { yaml }))
      return c.redirect(withFlash('/scenario', { kind: 'notice', message: `Scenario is now ${name}.` }), 303)
    } catch (err) {
      const refusal = refusalOf(err)
      if (!refusal) throw err
      const draft = { yaml, message: refusal.message, at: refusal.data as ScenarioDraft['at'] }
      const body = <ScenarioPage rt={rt} merchant={merchant} draft={draft} />
      return c.html(await renderPage(rt, merchant, new URL('/scenario', c.req.url), { nav: '/scenario', title: 'Scenario' }, body, { kind: 'error', message: refusal.message }), 400)
    }
  })
  get('/coverage', { nav: '/coverage', title: 'Coverage', render: ({ merchant }) => <CoveragePage rt={rt} merchant={merchant} /> })
  get('/merchant', { nav: '/merchant', title: 'Merchant', render: ({ merchant, ctx }) => <MerchantPage rt={rt} merchant={merchant} ctx={ctx} /> })
  get('/docs', { nav: '/docs', title: 'API reference', head: docsHead, render: ({ merchant }) => <DocsPage merchant={merchant} /> })

  registerActions(app, rt)
  registerLive(app, rt)
}
