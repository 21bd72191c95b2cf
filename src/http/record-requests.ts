// Writes each logged API call to the request log once its answer is known, in the same commit
// as whatever the call changed (this runs inside the middleware that waits for that commit).
import { createMiddleware } from 'hono/factory'
import { merchantNow } from '../merchants/service.js'
import { recordRequest } from '../requests/repo.js'
import { isLoggedPath, keptBody, maskApiKey } from '../requests/service.js'
import type { Runtime } from '../runtime.js'
import { API_KEY_HEADER } from './auth.js'
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
        at: merchantNow(rt, merchant.id),
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
