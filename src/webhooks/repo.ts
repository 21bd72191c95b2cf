// Webhook subscriptions, events, deliveries (one per event and subscription), attempts, and
// the built-in inbox. Rows made at the same sandbox time are ordered by rowid (the order they
// were made in): UUIDv7 ids made in the same millisecond are in random order.
import { sql } from 'kysely'
import { insertQuery, query, type Db } from '../db/database.js'
import type { InboxRow, WebhookAttemptRow, WebhookDeliveryRow, WebhookEventRow, WebhookSubscriptionRow } from '../db/schema.js'

const subscriptionsOf = query((db, p: { merchantId: string }) =>
  db.selectFrom('webhook_subscriptions').selectAll().where('merchant_id', '=', p.merchantId).orderBy('created_at').orderBy(sql`rowid`),
)
const subscriptionById = query((db, p: { merchantId: string; id: string }) =>
  db.selectFrom('webhook_subscriptions').selectAll().where('merchant_id', '=', p.merchantId).where('id', '=', p.id),
)
const insertEvent = insertQuery('webhook_events', ['id', 'merchant_id', 'payout_id', 'type', 'created_at', 'body'])
const eventById = query((db, p: { id: string }) => db.selectFrom('webhook_events').selectAll().where('id', '=', p.id))
const insertDelivery = insertQuery('webhook_deliveries', ['merchant_id', 'event_id', 'subscription_id', 'state', 'attempts', 'fail_first', 'created_at'])
const deliveryById = query((db, p: { id: number }) => db.selectFrom('webhook_deliveries').selectAll().where('id', '=', p.id))
const updateDelivery = query((db, p: { id: number; state: string; attempts: number }) =>
  db
    .updateTable('webhook_deliveries')
    .set({ state: p.state as WebhookDeliveryRow['state'], attempts: p.attempts })
    .where('id', '=', p.id),
)
const insertAttempt = insertQuery('webhook_attempts', [
  'merchant_id',
  'delivery_id',
  'event_id',
  'attempt',
  'url',
  'at',
  'status_code',
  'error',
  'response_excerpt',
  'latency_ms',
  'signature',
])

export function listSubscriptions(db: Db, merchantId: string): WebhookSubscriptionRow[] {
  return subscriptionsOf.all(db, { merchantId })
}

export function findSubscription(db: Db, merchantId: string, id: string): WebhookSubscriptionRow | undefined {
  return subscriptionById.get(db, { merchantId, id })
}

/** Every merchant's subscriptions whose URL contains `text`. */
export function subscriptionsMentioning(db: Db, text: string): WebhookSubscriptionRow[] {
  return db.all(db.kysely.selectFrom('webhook_subscriptions').selectAll().where(sql`instr(url, ${text})`, '>', 0))
}

export function insertSubscription(db: Db, row: WebhookSubscriptionRow): void {
  db.run(db.kysely.insertInto('webhook_subscriptions').values(row))
}

export function updateSubscription(db: Db, id: string, change: Partial<Pick<WebhookSubscriptionRow, 'url' | 'events' | 'updated_at'>>): void {
  db.run(db.kysely.updateTable('webhook_subscriptions').set(change).where('id', '=', id))
}

export function deleteSubscription(db: Db, id: string): void {
  db.run(db.kysely.deleteFrom('webhook_subscriptions').where('id', '=', id))
}

export function saveEvent(db: Db, row: WebhookEventRow): void {
  insertEvent.run(db, row)
}

export function findEvent(db: Db, id: string): WebhookEventRow | undefined {
  return eventById.get(db, { id })
}

export function addDelivery(db: Db, row: Omit<WebhookDeliveryRow, 'id'>): number {
  return Number(insertDelivery.run(db, row).lastInsertRowid)
}

export function findDelivery(db: Db, id: number): WebhookDeliveryRow | undefined {
  return deliveryById.get(db, { id })
}

export function saveDeliveryState(db: Db, id: number, state: WebhookDeliveryRow['state'], attempts: number): void {
  updateDelivery.run(db, { id, state, attempts })
}

/**
 * Ends the pending deliveries of an event to a subscription: their jobs go, they are canceled.
 * A redelivery replaces them, so redeliveries never add retry chains to one another.
 */
export function cancelPendingDeliveries(db: Db, eventId: string, subscriptionId: string): void {
  const pending = db.kysely
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('event_id', '=', eventId)
    .where('subscription_id', '=', subscriptionId)
    .where('state', '=', 'pending')
  db.run(db.kysely.deleteFrom('jobs').where('delivery_id', 'in', pending))
  db.run(db.kysely.updateTable('webhook_deliveries').set({ state: 'canceled' }).where('id', 'in', pending))
}

export function recordAttempt(db: Db, row: Omit<WebhookAttemptRow, 'id'>): void {
  insertAttempt.run(db, row)
}

export interface AttemptListing extends WebhookAttemptRow {
  event_type: string
  payout_id: string | null
  state: WebhookDeliveryRow['state']
}

export function listAttempts(db: Db, merchantId: string, filter: { eventId?: string; payoutId?: string }, skip: number, limit: number) {
  let q = db.kysely
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_events as e', 'e.id', 'a.event_id')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .where('a.merchant_id', '=', merchantId)
  if (filter.eventId) q = q.where('a.event_id', '=', filter.eventId)
  if (filter.payoutId) q = q.where('e.payout_id', '=', filter.payoutId)
  const rows: AttemptListing[] = db.all(
    q.selectAll('a').select(['e.type as event_type', 'e.payout_id', 'd.state']).orderBy('a.id', 'desc').limit(limit).offset(skip),
  )
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}

export interface EventListing {
  event: WebhookEventRow
  deliveries: Array<WebhookDeliveryRow & { next_attempt_at: number | null }>
}

export function listEvents(db: Db, merchantId: string, payoutId: string | undefined, skip: number, limit: number) {
  let q = db.kysely.selectFrom('webhook_events').where('merchant_id', '=', merchantId)
  if (payoutId) q = q.where('payout_id', '=', payoutId)
  const events = db.all(q.selectAll().orderBy('created_at', 'desc').orderBy(sql`rowid`, 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  const listings: EventListing[] = events.map((event) => ({
    event,
    deliveries: db.all(
      db.kysely
        .selectFrom('webhook_deliveries as d')
        .leftJoin('jobs as j', 'j.delivery_id', 'd.id')
        .selectAll('d')
        .select('j.due_at as next_attempt_at')
        .where('d.event_id', '=', event.id)
        .orderBy('d.id'),
    ),
  }))
  return { listings, count }
}

export function addInboxItem(db: Db, row: Omit<InboxRow, 'id'>): void {
  db.run(db.kysely.insertInto('inbox').values(row))
}

/** Drops all but the newest `keep` items of one merchant in one inbox. */
export function trimInbox(db: Db, name: string, merchantId: string, keep: number): void {
  const kept = db.kysely.selectFrom('inbox').select('id').where('name', '=', name).where('merchant_id', '=', merchantId).orderBy('id', 'desc').limit(keep)
  db.run(db.kysely.deleteFrom('inbox').where('name', '=', name).where('merchant_id', '=', merchantId).where('id', 'not in', kept))
}

/** One merchant's items, newest first; only signed ones (a database from before may hold others). */
export function listInbox(db: Db, filter: { name?: string; merchantId: string }, skip: number, limit: number) {
  let q = db.kysely.selectFrom('inbox').where('merchant_id', '=', filter.merchantId).where('signature_valid', '=', 1)
  if (filter.name) q = q.where('name', '=', filter.name)
  const rows = db.all(q.selectAll().orderBy('id', 'desc').limit(limit).offset(skip))
  const count = db.get(q.select((eb) => eb.fn.countAll<number>().as('n')))!.n
  return { rows, count }
}
