// Shapes of Ivy's webhook-subscription endpoints and of the sandbox's webhook inspection.
import { z } from '@hono/zod-openapi'
import { listOf, PageQuery } from '../engine/page.js'
import { EVENT_NAMES } from './events.js'

const hasCredentials = (url: URL) => url.username !== '' || url.password !== ''
const Url = z
  // A missing url keeps zod's own message, which the error mapper turns into "url is required".
  .url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? undefined : 'must be an absolute http:// or https:// URL') })
  .max(2048)
  // fetch() refuses URLs with credentials, so such a subscription could never be delivered to.
  .refine((url) => !URL.canParse(url) || !hasCredentials(new URL(url)), 'must not contain a user name or password')
  .openapi({ example: 'https://example.com/webhooks/ivy' })
const Events = z.array(z.enum(EVENT_NAMES)).min(1, 'must list at least one event').openapi({ example: ['payout.paid', 'payout.failed'] })

export const WebhookSubscription = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(EVENT_NAMES)),
    merchant: z.string(),
    merchantApp: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebhookSubscription')
export type WebhookSubscription = z.infer<typeof WebhookSubscription>

export const CreateSubscriptionBody = z
  .object({ url: Url, events: Events.optional().openapi({ description: 'Default: payout.initiated, payout.paid, payout.failed.' }) })
  .openapi('CreateWebhookSubscriptionRequest')
export const UpdateSubscriptionBody = z
  .object({ id: z.string().min(1), url: Url.optional(), events: Events.optional() })
  .openapi('UpdateWebhookSubscriptionRequest')
export const SubscriptionIdBody = z.object({ id: z.string().min(1) }).openapi('WebhookSubscriptionIdRequest')
export const ListSubscriptionsBody = z
  .object({ limit: z.number().int().min(1).max(100).optional(), skip: z.number().int().min(0).optional() })
  .openapi('ListWebhookSubscriptionsRequest')
export const SubscriptionList = listOf(WebhookSubscription, 'WebhookSubscriptionList')
export const DeleteResult = z.object({ success: z.boolean() }).openapi('WebhookSubscriptionDeleteResult')
export const PingResult = z
  .object({ id: z.string(), date: z.string(), response: z.string(), statusCode: z.number().int(), success: z.boolean() })
  .openapi('WebhookSubscriptionPingResult')

export const TriggerWebhookBody = z
  .object({ id: z.string().min(1).openapi({ description: 'The id of an earlier event (the `id` of its body).' }) })
  .openapi('TriggerWebhookRequest')
export const TriggerWebhookResult = z
  .object({ success: z.boolean().openapi({ description: '[sandbox] false when no current subscription lists the event type.' }) })
  .openapi('TriggerWebhookResult')

export const DeliveryAttempt = z
  .object({
    id: z.number().int(),
    deliveryId: z.number().int(),
    eventId: z.string(),
    eventType: z.string(),
    payoutId: z.string().nullable(),
    attempt: z.number().int().openapi({ description: '1 is the first try, 2 the first retry...' }),
    url: z.string(),
    at: z.string().openapi({ description: 'Sandbox time of the attempt.' }),
    statusCode: z.number().int().nullable(),
    delivered: z.boolean(),
    error: z.string().nullable(),
    responseExcerpt: z.string().nullable(),
    latencyMs: z.number().int(),
    signature: z.string(),
  })
  .openapi('SandboxWebhookAttempt')
export const DeliveryQuery = PageQuery.extend({ eventId: z.string().optional(), payoutId: z.string().optional() })
export const DeliveryAttemptList = listOf(DeliveryAttempt, 'SandboxWebhookAttemptList')

export const WebhookEventView = z
  .object({
    id: z.string(),
    type: z.string(),
    payoutId: z.string().nullable(),
    date: z.string(),
    deliveries: z.array(
      z.object({
        id: z.number().int(),
        subscriptionId: z.string(),
        state: z.enum(['pending', 'delivered', 'failed', 'canceled']),
        attempts: z.number().int(),
        nextAttemptAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('SandboxWebhookEvent')
export const EventQuery = PageQuery.extend({ payoutId: z.string().optional() })
export const WebhookEventList = listOf(WebhookEventView, 'SandboxWebhookEventList')
export const EventIdParam = z.object({ id: z.string().min(1) })
export const RedeliverResult = z.object({ eventId: z.string(), deliveries: z.number().int() }).openapi('SandboxRedeliverResult')
export const RotatedSecret = z.object({ webhookSecret: z.string() }).openapi('SandboxRotatedSecret')

export const INBOX_NAME = /^[A-Za-z0-9._-]{1,64}$/
export const InboxName = z.object({ name: z.string().regex(INBOX_NAME, 'letters, digits, dot, dash, underscore; at most 64') })
export const InboxItem = z
  .object({
    id: z.number().int(),
    name: z.string(),
    receivedAt: z.string(),
    eventId: z.string().nullable(),
    eventType: z.string().nullable(),
    signature: z.string().nullable(),
    signatureValid: z.boolean(),
    body: z.unknown(),
  })
  .openapi('SandboxInboxItem')
export const InboxQuery = PageQuery
export const InboxList = listOf(InboxItem, 'SandboxInboxList')
export const InboxReceipt = z.object({ received: z.boolean(), signatureValid: z.boolean() }).openapi('SandboxInboxReceipt')

export const CheckWebhookBody = z
  .object({
    url: Url,
    secret: z.string().min(1, 'must not be empty').max(256).optional().openapi({ description: "Signs the requests; default: the merchant's webhook signing secret." }),
  })
  .openapi('SandboxCheckWebhookRequest')
export const WebhookCheckCase = z
  .object({
    name: z.string().openapi({ example: 'payout.paid, correctly signed' }),
    passed: z.boolean(),
    expected: z.string().openapi({ example: '200' }),
    observed: z.string().openapi({ example: 'HTTP 204' }),
    advice: z.string().nullable().openapi({ description: 'What to change in the handler; null when the case passed.' }),
    latencyMs: z.number().int(),
  })
  .openapi('SandboxWebhookCheckCase')
export const WebhookCheckReport = z
  .object({ passed: z.boolean().openapi({ description: 'Whether every case passed.' }), cases: z.array(WebhookCheckCase) })
  .openapi('SandboxWebhookCheckReport')
