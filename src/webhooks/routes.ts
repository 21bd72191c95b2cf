// Ivy's webhook-subscription endpoints (create, update, list, delete, ping) and webhook/trigger,
// which sends an earlier event again, as the dashboard's redeliver does.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { DEFAULT_LIMIT } from '../engine/page.js'
import { envelope } from '../http/list.js'
import { idempotent } from '../http/idempotency.js'
import { ivyRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { runDueNow } from '../sim/clock.js'
import { redeliverEvent } from './outbox.js'
import {
  CreateSubscriptionBody,
  DeleteResult,
  ListSubscriptionsBody,
  PingResult,
  SubscriptionIdBody,
  SubscriptionList,
  TriggerWebhookBody,
  TriggerWebhookResult,
  UpdateSubscriptionBody,
  WebhookSubscription,
} from './schemas.js'
import { changeSubscription, createSubscription, listMerchantSubscriptions, pingSubscription, removeSubscription } from './subscriptions.js'
import { refuseSandboxTarget } from './target.js'

const route = (path: 'create' | 'update' | 'list' | 'delete' | 'ping', operationId: string, summary: string) => ({
  path: `webhook-subscription/${path}` as const,
  operationId,
  summary,
  tag: TAGS.webhooks,
})

export const createSubscriptionRoute = ivyRoute({
  ...route('create', 'createWebhookSubscription', 'Subscribe a URL to webhook events'),
  body: CreateSubscriptionBody,
  response: WebhookSubscription,
  errors: [409],
})
export const updateSubscriptionRoute = ivyRoute({
  ...route('update', 'updateWebhookSubscription', "Change a subscription's URL or events"),
  body: UpdateSubscriptionBody,
  response: WebhookSubscription,
  errors: [404, 409],
})
export const listSubscriptionsRoute = ivyRoute({
  ...route('list', 'listWebhookSubscriptions', 'List webhook subscriptions'),
  body: ListSubscriptionsBody,
  response: SubscriptionList,
})
export const deleteSubscriptionRoute = ivyRoute({
  ...route('delete', 'deleteWebhookSubscription', 'Delete a webhook subscription'),
  body: SubscriptionIdBody,
  response: DeleteResult,
  errors: [404, 409],
})
export const pingSubscriptionRoute = ivyRoute({
  ...route('ping', 'pingWebhookSubscription', "Send a signed test event to a subscription's URL"),
  body: SubscriptionIdBody,
  response: PingResult,
  errors: [404],
})

export const triggerWebhookRoute = ivyRoute({
  path: 'webhook/trigger',
  operationId: 'triggerWebhook',
  summary: 'Send an earlier event again to every subscription that lists its type; answers after the attempts were made',
  tag: TAGS.webhooks,
  body: TriggerWebhookBody,
  response: TriggerWebhookResult,
  errors: [404],
})

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  // The URL is checked before the transaction: it takes a DNS lookup.
  app.openapi(createSubscriptionRoute, async (c) => {
    const body = c.req.valid('json')
    await refuseSandboxTarget(rt, body.url)
    return c.json(idempotent(rt, c, () => createSubscription(rt, c.get('context'), body)), 200)
  })
  app.openapi(updateSubscriptionRoute, async (c) => {
    const body = c.req.valid('json')
    if (body.url !== undefined) await refuseSandboxTarget(rt, body.url)
    return c.json(idempotent(rt, c, () => changeSubscription(rt, c.get('context'), body)), 200)
  })
  app.openapi(listSubscriptionsRoute, (c) => {
    const { limit = DEFAULT_LIMIT, skip } = c.req.valid('json')
    return c.json(envelope(listMerchantSubscriptions(rt, c.get('merchant').id, { limit, skip })), 200)
  })
  app.openapi(deleteSubscriptionRoute, (c) => {
    const body = c.req.valid('json')
    return c.json(idempotent(rt, c, () => removeSubscription(rt, c.get('merchant').id, body.id)), 200)
  })
  app.openapi(pingSubscriptionRoute, async (c) => c.json(await pingSubscription(rt, c.get('context'), c.req.valid('json').id), 200))
  app.openapi(triggerWebhookRoute, async (c) => {
    const ctx = c.get('context')
    const result = idempotent(rt, c, () => ({ success: redeliverEvent(rt, ctx, c.req.valid('json').id) > 0 }))
    await runDueNow(rt, ctx.merchant.id)
    return c.json(result, 200)
  })
}
