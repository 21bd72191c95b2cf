// /sandbox/webhooks/* (watch deliveries, redeliver, rotate the secret) and the built-in
// receiver /sandbox/inbox/<name> (no key needed: it stands in for the merchant's server).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { API_KEY_SCHEME, sandboxResponses, TAGS } from '../http/routes.js'
import { merchantNow } from '../merchants/service.js'
import type { Runtime } from '../runtime.js'
import { attemptsPage, eventsPage, inboxPage, receiveInInbox, rotateWebhookSecret } from './inspect.js'
import { redeliverEvent } from './outbox.js'
import {
  DeliveryAttemptList,
  DeliveryQuery,
  EventIdParam,
  EventQuery,
  InboxList,
  InboxName,
  InboxQuery,
  InboxReceipt,
  RedeliverResult,
  RotatedSecret,
  WebhookEventList,
} from './schemas.js'

const security = [{ [API_KEY_SCHEME]: [] }]
const tags = [TAGS.sandboxWebhooks]

export const listAttemptsRoute = createRoute({
  method: 'get',
  path: '/sandbox/webhooks/deliveries',
  operationId: 'sandboxListWebhookAttempts',
  tags,
  summary: 'Every delivery attempt, newest first: time, status code, response excerpt, latency',
  security,
  request: { query: DeliveryQuery },
  responses: sandboxResponses('Attempts', DeliveryAttemptList, 400, 401),
})

export const listWebhookEventsRoute = createRoute({
  method: 'get',
  path: '/sandbox/webhooks/events',
  operationId: 'sandboxListWebhookEvents',
  tags,
  summary: 'Webhook events, newest first, with the state of each delivery',
  security,
  request: { query: EventQuery },
  responses: sandboxResponses('Events', WebhookEventList, 400, 401),
})

export const redeliverRoute = createRoute({
  method: 'post',
  path: '/sandbox/webhooks/events/{id}/redeliver',
  operationId: 'sandboxRedeliverWebhookEvent',
  tags,
  summary: 'Send an event again now, to every subscription that lists it',
  security,
  request: { params: EventIdParam },
  responses: sandboxResponses('How many deliveries were queued', RedeliverResult, 401, 404),
})

export const rotateSecretRoute = createRoute({
  method: 'post',
  path: '/sandbox/webhooks/secret/rotate',
  operationId: 'sandboxRotateWebhookSecret',
  tags,
  summary: 'Replace the webhook signing secret; later attempts are signed with the new one',
  security,
  responses: sandboxResponses('The new secret', RotatedSecret, 401),
})

export const receiveInboxRoute = createRoute({
  method: 'post',
  path: '/sandbox/inbox/{name}',
  operationId: 'sandboxInboxReceive',
  tags,
  summary: 'A built-in webhook receiver: subscribe http://localhost:4010/sandbox/inbox/<name>',
  request: { params: InboxName },
  responses: sandboxResponses('Received (always 200)', InboxReceipt, 400),
})

export const listInboxRoute = createRoute({
  method: 'get',
  path: '/sandbox/inbox/{name}',
  operationId: 'sandboxInboxList',
  tags,
  summary: 'What the built-in receiver got, newest first, with "signature valid" for each',
  request: { params: InboxName, query: InboxQuery },
  responses: sandboxResponses('Received deliveries', InboxList, 400),
})

export function registerWebhookSandboxRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(listAttemptsRoute, (c) => {
    const { eventId, payoutId, skip = 0, limit = 20 } = c.req.valid('query')
    return c.json(attemptsPage(rt, c.get('merchant').id, { eventId, payoutId }, skip, limit), 200)
  })
  app.openapi(listWebhookEventsRoute, (c) => {
    const { payoutId, skip = 0, limit = 20 } = c.req.valid('query')
    return c.json(eventsPage(rt, c.get('merchant').id, payoutId, skip, limit), 200)
  })
  app.openapi(redeliverRoute, (c) => {
    const merchantId = c.get('merchant').id
    const eventId = c.req.valid('param').id
    return c.json({ eventId, deliveries: redeliverEvent(rt, merchantId, eventId, merchantNow(rt, merchantId)) }, 200)
  })
  app.openapi(rotateSecretRoute, (c) => c.json(rotateWebhookSecret(rt, c.get('merchant').id), 200))
  app.openapi(receiveInboxRoute, async (c) => {
    const body = await c.req.text()
    return c.json(receiveInInbox(rt, c.req.valid('param').name, body, c.req.header('x-ivy-signature')), 200)
  })
  app.openapi(listInboxRoute, (c) => {
    const { skip = 0, limit = 20 } = c.req.valid('query')
    return c.json(inboxPage(rt, { name: c.req.valid('param').name }, skip, limit), 200)
  })
}
