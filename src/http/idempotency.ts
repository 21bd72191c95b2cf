// Idempotency-Key, as Ivy's contract has it: per merchant, kept 24 hours of sandbox time. The
// same key with the same body replays the stored response (with Idempotent-Replayed: true); with
// a different body it is a 409. The stored response is written in the same transaction as the
// change it reports, so a crash can never leave one without the other. A duplicate arriving
// while the first request is still being read is refused with a 409, as the contract says.
// Ivy's SDK retries every 409: the in-flight one says when to (Retry-After), since a retry will
// succeed; the different-body one says not to (x-should-retry: false) [sandbox], since none can.
import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { query } from '../db/database.js'
import type { Runtime } from '../runtime.js'
import type { AppEnv } from './env.js'
import { ApiError } from './errors.js'

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
export const REPLAYED_HEADER = 'Idempotent-Replayed'
const KEPT_MS = 24 * 3_600_000

const findKey = query((db, p: { merchantId: string; key: string }) =>
  db.selectFrom('idempotency_keys').selectAll().where('merchant_id', '=', p.merchantId).where('key', '=', p.key),
)
const saveKey = query((db, p: { merchantId: string; key: string; requestHash: string; responseBody: string; createdAt: number }) =>
  db
    .insertInto('idempotency_keys')
    .values({ merchant_id: p.merchantId, key: p.key, request_hash: p.requestHash, response_body: p.responseBody, created_at: p.createdAt })
    .onConflict((oc) =>
      oc.columns(['merchant_id', 'key']).doUpdateSet((eb) => ({
        request_hash: eb.ref('excluded.request_hash'),
        response_body: eb.ref('excluded.response_body'),
        created_at: eb.ref('excluded.created_at'),
      })),
    ),
)

function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header(IDEMPOTENCY_HEADER)
  if (key === undefined) return undefined
  if (key.length === 0 || key.length > 255) throw ApiError.validation(`${IDEMPOTENCY_HEADER} must be 1 to 255 characters`, IDEMPOTENCY_HEADER)
  return key
}

/** Refuses a second request with a key whose first request has not been answered yet. */
export function guardInFlight() {
  const inFlight = new Set<string>()
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = idempotencyKey(c)
    if (key === undefined) return next()
    const slot = `${c.get('merchant').id}\u0000${key}`
    if (inFlight.has(slot)) {
      c.header('Retry-After', '1')
      throw new ApiError({ status: 409, code: 'CONFLICT', category: 'idempotency_error', message: 'a request with this Idempotency-Key is still in flight', param: IDEMPOTENCY_HEADER })
    }
    inFlight.add(slot)
    try {
      await next()
    } finally {
      inFlight.delete(slot)
    }
  })
}

/** Canonical JSON: the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Runs `perform` once per Idempotency-Key, in one transaction with the stored response, and
 * answers the response to send (a replay is marked with the Idempotent-Replayed header).
 */
export function idempotent<T>(rt: Runtime, c: Context<AppEnv>, perform: () => T): T {
  const key = idempotencyKey(c)
  if (key === undefined) return rt.db.tx(perform)
  const { merchant, now } = c.get('context')
  const merchantId = merchant.id
  // The body as sent, not as validated: a field added or an IBAN respaced is a different body.
  const requestHash = createHash('sha256').update(`${c.req.path}\u0000${canonical(c.get('sentJson') ?? {})}`).digest('hex')
  return rt.db.tx(() => {
    const stored = findKey.get(rt.db, { merchantId, key })
    if (stored && stored.created_at + KEPT_MS > now) {
      if (stored.request_hash !== requestHash) {
        c.header('x-should-retry', 'false')
        throw new ApiError({
          status: 409,
          code: 'CONFLICT',
          category: 'idempotency_error',
          message: 'this Idempotency-Key was used with a different request body',
          param: IDEMPOTENCY_HEADER,
        })
      }
      c.header(REPLAYED_HEADER, 'true')
      return JSON.parse(stored.response_body) as T
    }
    const response = perform()
    saveKey.run(rt.db, { merchantId, key, requestHash, responseBody: JSON.stringify(response), createdAt: now })
    return response
  })
}
