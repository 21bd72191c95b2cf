// /sandbox/webhooks/* (watch deliveries, redeliver, rotate the secret) and the built-in
// receiver /sandbox/inbox/<name>: posting needs no key (it stands in for the merchant's server;
// the signature says whose a body is), reading needs the key of a merchant subscribed to it.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { envelope } from '../http/list.js'
import { jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { checkWebhookHandler } from './check.js'
import { attemptsPage, eventsPage, readInbox, receiveInInbox, rotateWebhookSecret } from './inspect.js'
import { redeliverEvent } from './outbox.js'
import {
  CheckWebhookBody,
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
  WebhookCheckReport,
  WebhookEventList,
} from './schemas.js'


export const listAttemptsRoute = sandboxRoute({
  method: 'get',
  path: 'webhooks/deliveries',
  operationId: 'sandboxListWebhookAttempts',
  tag: TAGS.sandboxWebhooks,
  summary: 'Every delivery attempt, newest first: time, status code, response excerpt, latency',
  request: { query: DeliveryQuery },
  response: DeliveryAttemptList,
  errors: [400],
})

export const listWebhookEventsRoute = sandboxRoute({
  method: 'get',
  path: 'webhooks/events',
  operationId: 'sandboxListWebhookEvents',
  tag: TAGS.sandboxWebhooks,
  summary: 'Webhook events, newest first, with the state of each delivery',
  request: { query: EventQuery },
  response: WebhookEventList,
  errors: [400],
})

export const redeliverRoute = sandboxRoute({
  method: 'post',
  path: 'webhooks/events/{id}/redeliver',
  operationId: 'sandboxRedeliverWebhookEvent',
  tag: TAGS.sandboxWebhooks,
  summary: 'Send an event again now, to every subscription that lists it',
  request: { params: EventIdParam },
  response: RedeliverResult,
  errors: [404],
})

export const rotateSecretRoute = sandboxRoute({
  method: 'post',
  path: 'webhooks/secret/rotate',
  operationId: 'sandboxRotateWebhookSecret',
  tag: TAGS.sandboxWebhooks,
  summary: 'Replace the webhook signing secret; later attempts are signed with the new one',
  response: RotatedSecret,
})

export const checkWebhookRoute = sandboxRoute({
  method: 'post',
  path: 'webhooks/check',
  operationId: 'sandboxCheckWebhook',
  tag: TAGS.sandboxWebhooks,
  summary: 'Check a webhook handler: send it a battery of signed, duplicated, reordered and forged requests and report how it answered each',
  description:
    'Each case is signed and sent as a real delivery, one after another, each within the delivery time-out (10 s). ' +
    'A check writes no event, delivery or journal row and needs no subscription; the URL may not reach the sandbox itself, except its inbox.',
  request: jsonBody(CheckWebhookBody),
  response: WebhookCheckReport,
  errors: [400],
})

export const receiveInboxRoute = sandboxRoute({
  method: 'post',
  open: true,
  path: 'inbox/{name}',
  operationId: 'sandboxInboxReceive',
  tag: TAGS.sandboxWebhooks,
  summary: 'A built-in webhook receiver: subscribe http://localhost:4010/sandbox/inbox/<name>',
  description:
    'Keeps a body (at most 64 KiB, nested at most 32 deep) only when its X-Ivy-Signature is valid for a merchant subscribed to this inbox; ' +
    'anything else is answered `received: false` and kept for no one. Each merchant keeps its newest 200 items per inbox.',
  request: { params: InboxName },
  response: InboxReceipt,
  errors: [400, 413],
})

export const listInboxRoute = sandboxRoute({
  method: 'get',
  path: 'inbox/{name}',
  operationId: 'sandboxInboxList',
  tag: TAGS.sandboxWebhooks,
  summary: 'What the built-in receiver kept for this merchant, newest first; only a merchant subscribed to the inbox may read it',
  request: { params: InboxName, query: InboxQuery },
  response: InboxList,
  errors: [400, 403],
})

export function registerWebhookSandboxRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(listAttemptsRoute, (c) => {
    const { eventId, payoutId, skip, limit } = c.req.valid('query')
    return c.json(envelope(attemptsPage(rt, c.get('merchant').id, { eventId, payoutId }, skip, limit)), 200)
  })
  app.openapi(listWebhookEventsRoute, (c) => {
    const { payoutId, skip, limit } = c.req.valid('query')
    return c.json(envelope(eventsPage(rt, c.get('merchant').id, payoutId, skip, limit)), 200)
  })
  app.openapi(redeliverRoute, (c) => {
    const eventId = c.req.valid('param').id
    return c.json({ eventId, deliveries: redeliverEvent(rt, c.get('context'), eventId) }, 200)
  })
  app.openapi(rotateSecretRoute, (c) => c.json(rotateWebhookSecret(rt, c.get('merchant').id), 200))
  app.openapi(checkWebhookRoute, async (c) => c.json(await checkWebhookHandler(rt, c.get('context'), c.req.valid('json')), 200))
  app.openapi(receiveInboxRoute, async (c) => {
    const body = await c.req.text()
    return c.json(receiveInInbox(rt, c.req.valid('param').name, body, c.req.header('x-ivy-signature')), 200)
  })
  app.openapi(listInboxRoute, (c) => {
    const { skip, limit } = c.req.valid('query')
    return c.json(envelope(readInbox(rt, c.get('merchant').id, c.req.valid('param').name, skip, limit)), 200)
  })
}
