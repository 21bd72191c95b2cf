// X-Ivy-Api-Key resolves the merchant every query is scoped to. Bringing it up to date is the
// next step of the pipeline (./catch-up.ts), not this one.
import { createMiddleware } from 'hono/factory'
import { findMerchantByApiKey } from '../merchants/repo.js'
import { API_KEY_HEADER } from '../engine/ivy-api.js'
import type { Runtime } from '../runtime.js'
import type { AppEnv } from './env.js'
import { ApiError } from './errors.js'


export function authenticate(rt: Runtime) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header(API_KEY_HEADER)
    if (!key) throw new ApiError({ status: 401, code: 'UNAUTHENTICATED', message: `missing ${API_KEY_HEADER} header` })
    const merchant = findMerchantByApiKey(rt.db, key)
    if (!merchant) throw new ApiError({ status: 401, code: 'AUTHENTICATION', message: 'invalid API key' })
    c.set('merchant', merchant)
    await next()
  })
}
