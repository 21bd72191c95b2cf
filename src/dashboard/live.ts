// GET /dashboard/live: the server-sent events a dashboard page listens to (one EventSource per
// page). After each commit that changed the merchant's state the page is sent `event: change`
// with the kinds that changed (`data: payouts webhooks`), only those it asked for (`?on=`); the
// page then re-reads itself. A comment every so often keeps proxies from closing a quiet stream;
// shutting down ends every stream at once, so it never holds the server open.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../http/env.js'
import { LIVE_KINDS, type LiveKind } from '../live/feed.js'
import type { Runtime } from '../runtime.js'
import { dashboardContext } from './session.js'

/** Under the idle timeouts of common proxies (60 s for nginx and most load balancers). */
const KEEP_ALIVE_MS = 25_000
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2_000
/**
 * Messages a client may leave unread before its stream is ended (it reconnects, and re-reads its
 * page): a tab that stopped reading never makes the server hold an ever longer queue.
 */
const MAX_UNREAD = 64

/** `?on=payouts,clock`: the kinds named that exist; none named means every kind. */
function kindsAsked(on: string | undefined): Set<LiveKind> {
  const named = (on ?? '').split(',').filter((k): k is LiveKind => (LIVE_KINDS as readonly string[]).includes(k))
  return new Set(named.length ? named : LIVE_KINDS)
}

export function registerLive(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.get('/dashboard/live', async (c) => {
    const { merchant } = await dashboardContext(rt, c)
    const wanted = kindsAsked(c.req.query('on'))
    return streamSSE(c, async (stream) => {
      let end = () => {}
      const ended = new Promise<void>((resolve) => (end = resolve))
      stream.onAbort(end)
      rt.closing.addEventListener('abort', end)
      let unread = 0
      const send = (write: Promise<unknown>) => {
        if (++unread > MAX_UNREAD) return end()
        void write.finally(() => unread--)
      }
      const unsubscribe = rt.live.subscribe(merchant.id, (kinds) => {
        const changed = [...kinds].filter((kind) => wanted.has(kind))
        if (changed.length) send(stream.writeSSE({ event: 'change', data: changed.join(' ') }))
      })
      const keepAlive = setInterval(() => send(stream.write(': keep-alive\n\n')), KEEP_ALIVE_MS)
      try {
        if (rt.closing.aborted) return
        // The page knows from this that it is connected (and, after a reconnect, re-reads what it missed).
        await stream.writeSSE({ event: 'ready', data: merchant.id, retry: RETRY_MS })
        await ended
      } finally {
        clearInterval(keepAlive)
        unsubscribe()
        rt.closing.removeEventListener('abort', end)
      }
    })
  })
}
