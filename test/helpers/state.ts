// A fingerprint of everything a request could write, to prove a refused request wrote nothing.
import type { Harness } from './harness.js'

const TABLES = ['payouts', 'journal', 'jobs', 'idempotency_keys', 'orders', 'webhook_subscriptions', 'webhook_events', 'webhook_deliveries'] as const

export function snapshot(h: Harness) {
  const db = h.rt.db.sqlite
  const counts = Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`select count(*) n from ${t}`).get() as { n: number }).n]))
  const balances = db.prepare('select merchant_id, currency, available from balances order by merchant_id, currency').all()
  const merchants = db.prepare('select id, payout_seq, customer_payouts, beneficiary_payouts, clock_now from merchants order by id').all()
  return { counts, balances, merchants }
}
