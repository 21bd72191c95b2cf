// Faults on the API (src/faults), as middleware on /api/service/*, after authentication: a
// "before" fault answers without the route running; an "after" fault lets the route act and
// commit (its Idempotency-Key response included, so a retry with the key replays the original
// result), then replaces the answer, as when a response is lost on the way back. A fault's
// delay holds the answer in wall time first.
import { createMiddleware } from 'hono/factory'
import { setTimeout as sleep } from 'node:timers/promises'
import { faultFor, injectFault, type Fault } from '../faults/service.js'
import type { Runtime } from '../runtime.js'
import type { AppEnv } from './env.js'
import { ApiError } from './errors.js'
import { isIvyPath, IVY_PREFIX } from '../engine/ivy-api.js'

const MESSAGES = { 429: 'Too many requests', 500: 'Internal server error', 502: 'Bad gateway', 503: 'Service unavailable', 504: 'Gateway timeout' } as const

function faultResponse(fault: Fault): Response {
  const error = new ApiError({
    status: fault.status,
    code: fault.status === 429 ? 'TOO_MANY_REQUESTS' : fault.status === 500 ? 'INTERNAL_SERVER_ERROR' : 'GENERIC',
    category: fault.status === 429 ? 'rate_limiting' : 'api_error',
    message: MESSAGES[fault.status],
    devMessage: `a fault injected by the sandbox (${fault.armedId === null ? "the scenario's api.faults" : 'POST /sandbox/faults'}); the request was ${fault.when === 'after' ? 'carried out' : 'not carried out'}`,
  })
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (fault.retryAfter !== null) headers['retry-after'] = String(fault.retryAfter)
  return new Response(JSON.stringify(error.toBody()), { status: fault.status, headers })
}

/** The payout a payout/* answer is about, for the journal row of an "after" fault. */
async function answeredPayoutId(path: string, res: Response): Promise<string | null> {
  if (!path.startsWith('payout/') || res.status !== 200) return null
  const body = (await res.clone().json().catch(() => null)) as { id?: unknown } | null
  return typeof body?.id === 'string' ? body.id : null
}

export function injectFaults(rt: Runtime) {
  // Per merchant and path, how many requests came: the sequence standing faults draw from.
  const requests = new Map<string, number>()
  return createMiddleware<AppEnv>(async (c, next) => {
    const path = c.req.path.slice(IVY_PREFIX.length)
    if (c.req.method !== 'POST' || !isIvyPath(path)) return next()
    const ctx = c.get('context')
    const slot = `${ctx.merchant.id}\u0000${path}`
    const seq = (requests.get(slot) ?? 0) + 1
    requests.set(slot, seq)
    const fault = faultFor(rt, ctx, path, seq)
    if (!fault) return next()
    if (fault.when === 'before') {
      if (!injectFault(rt, ctx, fault, null)) return next()
      if (fault.delayMs) await sleep(fault.delayMs)
      return faultResponse(fault)
    }
    await next()
    if (!injectFault(rt, ctx, fault, await answeredPayoutId(path, c.res))) return
    if (fault.delayMs) await sleep(fault.delayMs)
    // Unset first: assigning over a response would carry its headers (Idempotent-Replayed) along.
    c.res = undefined
    c.res = faultResponse(fault)
  })
}
