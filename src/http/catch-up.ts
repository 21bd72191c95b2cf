// The catch-up step of the pipeline, after authentication (and after an injected fault's delay):
// the merchant's due work runs and its context is built, once, for the handler.
import { createMiddleware } from 'hono/factory'
import { caughtUp } from '../engine/context.js'
import type { Runtime } from '../runtime.js'
import type { AppEnv } from './env.js'

export function catchUp(rt: Runtime) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('context', await caughtUp(rt, c.get('merchant')))
    await next()
  })
}
