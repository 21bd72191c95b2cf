// Counts for the coverage report, grouped in SQL: one merchant's rows, or every merchant's added
// up (`merchantId` undefined). Nothing here returns an id, a key or a row of a merchant: only
// names (rule, status, failure code, fault) and how often each occurs.
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { REORDER_DELAY_MS } from '../webhooks/events.js'

/** One merchant, or undefined for every merchant. */
export type MerchantScope = string | undefined

export interface ScenarioRef {
  scenario_name: string
  scenario_id: string | null
}

export function countMerchants(db: Db, merchantId: MerchantScope): number {
  const q = db.kysely.selectFrom('merchants').select((eb) => eb.fn.countAll<number>().as('n'))
  return db.get(merchantId === undefined ? q : q.where('id', '=', merchantId))!.n
}

/** The scenarios merchants run: only those of merchants that made a payout, when `withPayouts`. */
export function merchantScenarios(db: Db, withPayouts: boolean): ScenarioRef[] {
  return db.all(
    db.kysely
      .selectFrom('merchants as m')
      .select(['m.scenario_name', 'm.scenario_id'])
      .distinct()
      .$if(withPayouts, (q) => q.where(({ exists, selectFrom }) => exists(selectFrom('payouts as p').select('p.id').whereRef('p.merchant_id', '=', 'm.id')))),
  )
}

/** Payouts per decisive rule, with the scenario their merchant runs now. */
export function ruleHits(db: Db, merchantId: MerchantScope): Array<{ scenario_name: string; rule: string; n: number }> {
  return db.all(
    db.kysely
      .selectFrom('payouts as p')
      .innerJoin('merchants as m', 'm.id', 'p.merchant_id')
      .select(['m.scenario_name', 'p.rule', (eb) => eb.fn.countAll<number>().as('n')])
      .$if(merchantId !== undefined, (q) => q.where('p.merchant_id', '=', merchantId!))
      .groupBy(['m.scenario_name', 'p.rule']),
  )
}

/** Payouts failed with each failure code (a return included). */
export function failureCodeHits(db: Db, merchantId: MerchantScope): Map<string, number> {
  const rows = db.all(
    db.kysely
      .selectFrom('payouts')
      .select(['failure_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('failure_code', 'is not', null)
      .$if(merchantId !== undefined, (q) => q.where('merchant_id', '=', merchantId!))
      .groupBy('failure_code'),
  )
  return new Map(rows.map((r) => [r.failure_code!, r.n]))
}

/** Changes into each payout status, from the journal (creation is the change into pending). */
export function payoutStatusHits(db: Db, merchantId: MerchantScope): Map<string, number> {
  const rows = db.all(
    db.kysely
      .selectFrom('journal')
      .select(['to_status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('to_status', 'is not', null)
      .$if(merchantId !== undefined, (q) => q.where('merchant_id', '=', merchantId!))
      .groupBy('to_status'),
  )
  return new Map(rows.map((r) => [r.to_status!, r.n]))
}

/** Faults injected on the API, by path, status and "before"/"after". */
export function faultHits(db: Db, merchantId: MerchantScope): Array<{ path: string; status: number; when: string; n: number }> {
  return db.all(
    db.kysely
      .selectFrom('journal')
      .select(['fault_path as path', 'fault_status as status', 'fault_when as when', (eb) => eb.fn.countAll<number>().as('n')])
      .where('source', '=', 'fault')
      .$if(merchantId !== undefined, (q) => q.where('merchant_id', '=', merchantId!))
      .groupBy(['fault_path', 'fault_status', 'fault_when']),
  ) as Array<{ path: string; status: number; when: string; n: number }>
}

export interface WebhookOutcomeCounts {
  deliveredFirstAttempt: number
  retriedThenDelivered: number
  givenUp: number
  duplicated: number
  reordered: number
}

/**
 * How deliveries ended, and the scenario's chaos, read back from what the outbox wrote (no
 * column records it): a duplicate is the second of two copies of an event for one subscription
 * made together (consecutive ids, the same due time); a reordered event's first delivery to a
 * subscription is due REORDER_DELAY_MS after the event. A redelivery is a later row, so it is
 * neither, unless made in the same sandbox millisecond right after the first (or exactly that
 * delay after the event).
 */
export function webhookOutcomes(db: Db, merchantId: MerchantScope): WebhookOutcomeCounts {
  const scoped = merchantId === undefined ? sql`1 = 1` : sql`d.merchant_id = ${merchantId}`
  const counts = sql`
    select
      sum(d.state = 'delivered' and d.attempts = 1) as deliveredFirstAttempt,
      sum(d.state = 'delivered' and d.attempts > 1) as retriedThenDelivered,
      sum(d.state = 'failed') as givenUp,
      sum(exists (
        select 1 from webhook_deliveries c
        where c.id = d.id - 1 and c.event_id = d.event_id and c.subscription_id = d.subscription_id and c.created_at = d.created_at
      )) as duplicated,
      sum(d.created_at = e.created_at + ${REORDER_DELAY_MS} and not exists (
        select 1 from webhook_deliveries c where c.event_id = d.event_id and c.subscription_id = d.subscription_id and c.id < d.id
      )) as reordered
    from webhook_deliveries d join webhook_events e on e.id = d.event_id
    where ${scoped}`.compile(db.kysely)
  const row = db.sqlite.prepare(counts.sql).get(...counts.parameters) as Record<keyof WebhookOutcomeCounts, number | null>
  return {
    deliveredFirstAttempt: row.deliveredFirstAttempt ?? 0,
    retriedThenDelivered: row.retriedThenDelivered ?? 0,
    givenUp: row.givenUp ?? 0,
    duplicated: row.duplicated ?? 0,
    reordered: row.reordered ?? 0,
  }
}
