// GET /sandbox/events: every state change of the merchant's payouts and every fault injected on
// its API requests, newest first.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { JournalRow } from '../db/schema.js'
import type { AppEnv } from '../http/env.js'
import { envelope } from '../http/list.js'
import { sandboxRoute, TAGS } from '../http/routes.js'
import { toIso } from '../lib/clock.js'
import type { Runtime } from '../runtime.js'
import { listJournal } from './repo.js'
import { JournalList, JournalQuery, type JournalEntry } from './schemas.js'

export function toJournalEntry(row: JournalRow): JournalEntry {
  return {
    id: row.id,
    payoutId: row.payout_id,
    at: toIso(row.at),
    from: row.from_status as JournalEntry['from'],
    to: row.to_status as JournalEntry['to'],
    source: row.source as JournalEntry['source'],
    rule: row.rule,
    reasonCode: row.reason_code,
    failureCode: row.failure_code,
    fault:
      row.fault_path === null ? null : { path: row.fault_path, status: row.fault_status!, when: row.fault_when as 'before' | 'after' },
  }
}

export const listEventsRoute = sandboxRoute({
  method: 'get',
  path: 'events',
  operationId: 'sandboxListEvents',
  tag: TAGS.sandboxClock,
  summary: "The journal: every state change of the merchant's payouts and every injected API fault, newest first, with sandbox time, rule and reason code",
  request: { query: JournalQuery },
  response: JournalList,
  errors: [400],
})

export function registerJournalRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(listEventsRoute, (c) => {
    const { payoutId, limit, skip } = c.req.valid('query')
    const { rows, count } = listJournal(rt.db, c.get('merchant').id, payoutId, skip, limit)
    return c.json(envelope({ items: rows.map(toJournalEntry), count, skip }), 200)
  })
}
