// Writes each logged API call to the request log once its answer is known, in the same commit
// as whatever the call changed (this runs inside the middleware that waits for that commit).
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { merchantContext } from '../engine/context.js'
import { clockNow } from '../lib/clock.js'
import { recordRequest } from '../requests/repo.js'
import { isLoggedPath, keptBody, maskApiKey } from '../requests/service.js'
import type { Runtime } from '../runtime.js'
import { API_KEY_HEADER, IVY_PREFIX } from '../engine/ivy-api.js'
import type { AppEnv } from './env.js'
import { IDEMPOTENCY_HEADER } from './idempotency.js'

export function recordRequests(rt: Runtime) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    // Every answer with a body is made by c.json (routes and onError alike): the object is kept
    // as it is answered. Reading the Response back instead (clone, or text and a new one) costs
    // the server its fast path for string bodies and halved payout/create's throughput.
    let answered: unknown
    const json = c.json.bind(c)
    c.json = ((object: unknown, ...rest: unknown[]) => {
      answered = object
      return (json as (...args: unknown[]) => Response)(object, ...rest)
    }) as typeof c.json
    await next()
    const merchant = c.get('merchant')
    if (!merchant || !isLoggedPath(c.req.path)) return
    // The text as sent (Hono keeps it), not the parsed body: re-serialising a deeply nested one
    // would overflow the stack before validation has refused it.
    const sent = c.req.method === 'GET' ? undefined : await c.req.text()
    const url = new URL(c.req.url)
    rt.db.tx(() => {
      rt.live.notify(merchant.id, 'requests')
      recordRequest(rt.db, {
        merchant_id: merchant.id,
        at: answeredAt(rt, c),
        method: c.req.method,
        path: c.req.path,
        query: url.search,
        status: c.res.status,
        duration_ms: performance.now() - started,
        idempotency_key: c.req.header(IDEMPOTENCY_HEADER) ?? null,
        api_key: maskApiKey(c.req.header(API_KEY_HEADER) ?? ''),
        request_body: keptBody(sent),
        response_body: answered === undefined ? null : keptBody(JSON.stringify(answered)),
      })
    })
  })
}

/**
 * The merchant's sandbox time as the answer goes out. Ivy's operations never move the clock, so
 * the request's own clock tells it; a sandbox call may have (an advance), so it is read again.
 */
function answeredAt(rt: Runtime, c: Context<AppEnv>): number {
  const ctx = c.get('context')
  if (ctx && c.req.path.startsWith(IVY_PREFIX)) return clockNow(ctx.clock, rt.wall())
  return merchantContext(rt, c.get('merchant').id).now
}
