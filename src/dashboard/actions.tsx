/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// What the dashboard's buttons do. Each is a plain form POST that calls the same service the
// API calls, then answers 303 back to the page it came from (or to what it made) with a one-line
// outcome; a refused action (an ApiError) comes back as an error on that page instead of an
// error body. One that cannot be undone first answers with a page asking to confirm, unless the
// page's dialog already did.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, Handler } from 'hono'
import type { Child } from 'hono/jsx'
import { createMiddleware } from 'hono/factory'
import type { MerchantRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import type { AppEnv } from '../http/env.js'
import { ApiError, parseOrThrow as parse, refusalOf } from '../http/errors.js'
import { findMerchantByApiKey } from '../merchants/repo.js'
import { CreateMerchantBody } from '../merchants/schemas.js'
import { createMerchant, toMerchant } from '../merchants/service.js'
import { FAILURES } from '../payouts/failures.js'
import { ForcePayoutBody } from '../payouts/sandbox-routes.js'
import { CreatePayoutBody } from '../payouts/schemas.js'
import { createPayout, forcePayout, retrievePayout } from '../payouts/service.js'
import { TopUpBody } from '../balance/schemas.js'
import { topUp } from '../balance/service.js'
import { toMinor } from '../lib/money.js'
import { createSandboxOrder } from '../orders/sandbox.js'
import { SandboxCreateOrderBody } from '../orders/schemas.js'
import type { Runtime } from '../runtime.js'
import { advanceClock, freezeClock, resumeClock, runDueNow } from '../sim/clock.js'
import { AdvanceClockBody, SetScenarioBody } from '../sim/schemas.js'
import { setScenario } from '../sim/scenario/service.js'
import { CreateSnapshotBody, SnapshotNameParam } from '../snapshots/schemas.js'
import { deleteSnapshot, forkFrom, restoreSnapshot, saveSnapshot } from '../snapshots/service.js'
import { redeliverEvent } from '../webhooks/outbox.js'
import { checkWebhookHandler } from '../webhooks/check.js'
import { CheckWebhookBody, CreateSubscriptionBody } from '../webhooks/schemas.js'
import { findSubscription } from '../webhooks/repo.js'
import { createSubscription, removeSubscription } from '../webhooks/subscriptions.js'
import { refuseSandboxTarget } from '../webhooks/target.js'
import { money, sandboxTime, words } from './format.js'
import { pageHeaders, renderPage, type FrameDef } from './frame.js'
import { NAV } from './layout.js'
import { localPage, withFlash } from './navigation.js'
import { ConfirmPage } from './pages/confirm.js'
import { MerchantCreatedPage } from './pages/merchant-created.js'
import type { Confirmation } from './ui.js'
import { dashboardContext, rememberApiKey } from './session.js'
import { rememberCheck } from './webhook-check.js'

interface ActionInput {
  c: Context<AppEnv>
  merchant: MerchantRow
  ctx: MerchantContext
  /** The form's text fields; an empty field is left out, as an omitted JSON field would be. */
  form: Record<string, string>
}

/**
 * The outcome line, and the page to show it on when that is not the form's own page; or a page
 * of its own, answered instead of a redirect (what must not land in an address, a new key).
 */
type Outcome = string | { message: string; page: string } | { frame: FrameDef; body: Child }

interface ActionOptions {
  /** Asked before acting, unless the form was confirmed; it may refuse the input first (throw). */
  confirm?: (input: ActionInput) => Confirmation | undefined
}

function act(rt: Runtime, run: (input: ActionInput) => Outcome | Promise<Outcome>, options: ActionOptions = {}): Handler<AppEnv> {
  return async (c) => {
    const body = await c.req.parseBody()
    const form = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''))
    const back = localPage(form.back ?? '/')
    try {
      const ctx = await dashboardContext(rt, c)
      const input = { c, merchant: ctx.merchant, ctx, form }
      const confirmation = form.confirmed === 'yes' ? undefined : options.confirm?.(input)
      if (confirmation) {
        const nav = NAV.find((item) => item.href !== '/' && back.startsWith(item.href))?.href ?? '/'
        const page = <ConfirmPage action={c.req.path} fields={form} confirmation={confirmation} back={back} />
        return c.html(await renderPage(rt, input.merchant, new URL(back, c.req.url), { nav, title: confirmation.confirm }, page))
      }
      const outcome = await run(input)
      if (typeof outcome !== 'string' && 'frame' in outcome) return c.html(await renderPage(rt, input.merchant, new URL(back, c.req.url), outcome.frame, outcome.body))
      const { message, page } = typeof outcome === 'string' ? { message: outcome, page: back } : outcome
      return c.redirect(withFlash(page, { kind: 'notice', message }), 303)
    } catch (err) {
      const refusal = refusalOf(err)
      if (!refusal) throw err
      return c.redirect(withFlash(back, { kind: 'error', message: refusal.message }), 303)
    }
  }
}

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i

const originOf = (url: string | undefined) => (url !== undefined && URL.canParse(url) ? new URL(url).origin : undefined)

/**
 * Actions are form posts from the dashboard's own pages: a form whose Origin (or, without one,
 * Referer) is this very origin. Anything else is refused before it is read: a JSON post (a
 * webhook, a script), a form from another site. With the Host check, a rebound name cannot pose
 * as this origin either.
 */
function formsFromOwnPages() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const type = c.req.header('content-type') ?? ''
    const own = new URL(c.req.url).origin
    const source = originOf(c.req.header('origin')) ?? originOf(c.req.header('referer'))
    const refusal = !FORM_TYPE.test(type)
      ? `this request's Content-Type is ${type ? `"${type.split(';')[0]}"` : 'missing'}`
      : source === undefined
        ? 'this request names no Origin or Referer'
        : source !== own
          ? `this request comes from ${source}`
          : undefined
    if (refusal) {
      throw new ApiError({ status: 403, code: 'AUTHORIZATION', message: `Dashboard actions accept only form posts from the dashboard's own pages (${own}); ${refusal}.` })
    }
    await next()
  })
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/** An amount as typed ("25", "25.50", "25,50") as the API's JSON number; anything else as typed, for the schema to refuse. */
function amountOf(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined
  const amount = Number(text.trim().replace(',', '.'))
  return Number.isNaN(amount) ? text : amount
}

export function registerActions(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.use('/dashboard/*', formsFromOwnPages(), pageHeaders)

  app.post(
    '/dashboard/payouts',
    act(rt, ({ ctx, form }) => {
      const destination =
        form.loop === 'closed'
          ? { orderId: form.orderId }
          : { financialAddress: { type: 'iban', iban: { iban: form.iban?.replace(/\s/g, ''), accountHolderName: form.accountHolderName } }, type: form.type }
      const body = parse(CreatePayoutBody, { amount: amountOf(form.amount), currency: form.currency, destination, paymentReference: form.paymentReference })
      const payout = createPayout(rt, ctx, body)
      return { message: `Created a ${money(payout.amount, payout.currency)} payout: ${words(payout.status)}.`, page: `/payouts/${payout.id}` }
    }),
  )
  app.post(
    '/dashboard/orders',
    act(rt, ({ ctx, form }) => {
      const body = parse(SandboxCreateOrderBody, { amount: amountOf(form.amount), currency: form.currency, referenceId: form.referenceId, status: form.status })
      const order = createSandboxOrder(rt, ctx, body)
      return { message: `Created order ${order.reference_id}: ${words(order.status)}.`, page: `/orders/${order.id}` }
    }),
  )
  app.post(
    '/dashboard/balance/top-up',
    act(rt, ({ ctx, form }) => {
      const { currency, amount } = parse(TopUpBody, { amount: amountOf(form.amount), currency: form.currency })
      const { balances } = topUp(rt, ctx, currency, amount)
      const available = balances.find((b) => b.currency === currency)!.available
      return `Added ${money(toMinor(amount, currency), currency)}: ${money(toMinor(available, currency), currency)} available.`
    }),
  )
  app.post(
    '/dashboard/merchants',
    act(rt, ({ form }) => {
      const created = toMerchant(rt, createMerchant(rt, parse(CreateMerchantBody, { name: form.name, scenario: form.scenario })))
      return { frame: { nav: '/merchant', title: `Created ${created.name}` }, body: <MerchantCreatedPage merchant={created} /> }
    }),
  )

  app.post(
    '/dashboard/clock/advance',
    act(rt, async ({ merchant, form }) => {
      const { by } = parse(AdvanceClockBody, { by: form.by })
      const { now, fired } = await advanceClock(rt, merchant.id, { by: by! })
      return `Moved the clock ${by} to ${sandboxTime(now)} UTC: ${fired.length ? `${plural(fired.length, 'payout change')}` : 'nothing fell due'}.`
    }),
  )
  app.post(
    '/dashboard/clock/freeze',
    act(rt, async ({ merchant }) => `Clock frozen at ${sandboxTime((await freezeClock(rt, merchant.id)).now)} UTC; it moves only when advanced.`),
  )
  app.post(
    '/dashboard/clock/resume',
    act(rt, async ({ merchant }) => {
      await resumeClock(rt, merchant.id)
      return 'Clock resumed: it follows wall time again.'
    }),
  )

  app.post(
    '/dashboard/payouts/:id/force',
    act(rt, async ({ c, merchant, ctx, form }) => {
      const outcome = parse(ForcePayoutBody, { status: form.status, failureCode: form.failureCode })
      const payout = forcePayout(rt, ctx, c.req.param('id')!, outcome)
      await runDueNow(rt, merchant.id)
      const code = outcome.failureCode
      return `Payout ${words(payout.status)}${code ? ` with ${code}${FAILURES[code].reason ? ` (${FAILURES[code].reason})` : ''}` : ''}.`
    }, {
      // Paying needs no second thought; failing or canceling ends the payout for good.
      confirm: ({ c, ctx, form }) => {
        const outcome = parse(ForcePayoutBody, { status: form.status, failureCode: form.failureCode })
        const payout = retrievePayout(rt, ctx, c.req.param('id')!)
        const what = `${money(payout.amount, payout.currency)} payout`
        if (outcome.status === 'failed') return { question: `Fail the ${what} with ${outcome.failureCode ?? 'unknown'}? Its scheduled steps are dropped and it cannot be undone.`, confirm: 'Fail payout' }
        if (outcome.status === 'canceled') return { question: `Cancel the ${what}? Its scheduled steps are dropped and it cannot be undone.`, confirm: 'Cancel payout' }
        return undefined
      },
    }),
  )
  app.post(
    '/dashboard/events/:id/redeliver',
    act(rt, ({ c, ctx }) => {
      const queued = redeliverEvent(rt, ctx, c.req.param('id')!)
      return queued ? `Queued ${plural(queued, 'delivery')} of the event.` : 'No current subscription lists this event: nothing queued.'
    }),
  )

  app.post(
    '/dashboard/scenario',
    // A shipped scenario's button sends its name (the editor posts to /dashboard/scenario/yaml).
    act(rt, ({ merchant, form }) => `Scenario is now ${setScenario(rt, merchant.id, parse(SetScenarioBody, { name: form.name })).name}.`),
  )

  app.post(
    '/dashboard/webhooks/subscriptions',
    act(rt, async ({ ctx, form }) => {
      const { url } = parse(CreateSubscriptionBody, { url: form.url })
      await refuseSandboxTarget(rt, url)
      return `Subscribed ${createSubscription(rt, ctx, { url }).url}.`
    }),
  )
  app.post(
    '/dashboard/webhooks/subscriptions/:id/delete',
    act(
      rt,
      ({ c, merchant }) => {
        removeSubscription(rt, merchant.id, c.req.param('id')!)
        return 'Subscription removed.'
      },
      {
        confirm: ({ c, merchant }) => {
          const subscription = findSubscription(rt.db, merchant.id, c.req.param('id')!)
          if (!subscription) throw ApiError.notFound('Webhook subscription')
          return { question: `Remove the subscription of ${subscription.url}? Deliveries still pending to it are dropped.`, confirm: 'Remove subscription' }
        },
      },
    ),
  )
  app.post(
    '/dashboard/webhooks/check',
    act(rt, async ({ merchant, ctx, form }) => {
      const target = parse(CheckWebhookBody, { url: form.url, secret: form.secret })
      const report = await checkWebhookHandler(rt, ctx, target)
      rememberCheck(rt, merchant.id, { url: target.url, report })
      const failed = report.cases.filter((c) => !c.passed).length
      return report.passed ? `Every case passed: ${target.url} handles webhooks as Ivy sends them.` : `${failed} of ${report.cases.length} cases failed: see the report under "Check a webhook handler".`
    }),
  )

  app.post(
    '/dashboard/snapshots',
    act(rt, ({ merchant, form }) => `Saved snapshot ${saveSnapshot(rt, merchant.id, parse(CreateSnapshotBody, { name: form.name }).name).name}.`),
  )
  app.post(
    '/dashboard/snapshots/:name/restore',
    act(rt, async ({ c, merchant }) => {
      const { name } = parse(SnapshotNameParam, { name: c.req.param('name') })
      return `Restored snapshot ${(await restoreSnapshot(rt, merchant.id, name)).name}.`
    }),
  )
  app.post(
    '/dashboard/snapshots/:name/delete',
    act(
      rt,
      ({ c, merchant }) => {
        const { name } = parse(SnapshotNameParam, { name: c.req.param('name') })
        deleteSnapshot(rt, merchant.id, name)
        return `Deleted snapshot ${name}.`
      },
      { confirm: ({ c }) => ({ question: `Delete snapshot ${parse(SnapshotNameParam, { name: c.req.param('name') }).name}? It cannot be restored afterwards.`, confirm: 'Delete snapshot' }) },
    ),
  )
  app.post(
    '/dashboard/merchant/fork',
    // The dashboard holds the merchant's key (its cookie), as POST /sandbox/merchants { from } asks.
    act(rt, ({ c, merchant }) => {
      const fork = forkFrom(rt, merchant, undefined)
      rememberApiKey(c, fork.api_key)
      return `Now showing ${fork.name}, a fork with its own key.`
    }),
  )

  app.post(
    '/dashboard/merchant',
    act(rt, ({ c, form }) => {
      const merchant = form.apiKey ? findMerchantByApiKey(rt.db, form.apiKey.trim()) : undefined
      if (!merchant) throw ApiError.validation('No merchant has this API key.', 'apiKey')
      rememberApiKey(c, merchant.api_key)
      return `Now showing ${merchant.name}.`
    }),
  )
}
