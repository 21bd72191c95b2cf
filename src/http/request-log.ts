// One line per request for the terminal running `ivy-sandbox serve`: wall time, method, path,
// status, milliseconds (until the answer's state was committed) and the merchant it acted for.
// Health checks are left out: a container asks every few seconds and would bury the rest.
import { createMiddleware } from 'hono/factory'
import type { Runtime } from '../runtime.js'
import { healthRoute } from '../sandbox/routes.js'
import type { AppEnv } from './env.js'

export type LogLine = (line: string) => void

export function logRequests(rt: Runtime, log: LogLine) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    await next()
    if (c.req.path === healthRoute.path) return
    const ms = (performance.now() - started).toFixed(1)
    const merchant = c.get('merchant')?.id ?? '-'
    log(`${new Date(rt.wall()).toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms merchant=${merchant}`)
  })
}
