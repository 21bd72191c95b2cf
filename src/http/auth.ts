// X-Ivy-Api-Key resolves the merchant every query is scoped to. Before the request goes on,
// the merchant's clock is brought up to date: an advance in progress is waited for, and payout
// steps already due fire, so every request sees the state of its own moment.
import { createMiddleware } from 'hono/factory'
import { findMerchant, findMerchantByApiKey } from '../merchants/repo.js'
import type { Runtime } from '../runtime.js'
import type { AppEnv } from './env.js'
import { ApiError } from './errors.js'

export const API_KEY_HEADER = 'X-Ivy-Api-Key'

export function authenticate(rt: Runtime) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header(API_KEY_HEADER)
    if (!key) throw new ApiError({ status: 401, code: 'UNAUTHENTICATED', message: `missing ${API_KEY_HEADER} header` })
    let merchant = findMerchantByApiKey(rt.db, key)
    if (!merchant) throw new ApiError({ status: 401, code: 'AUTHENTICATION', message: 'invalid API key' })
    if (rt.scheduler.isAdvancing(merchant.id)) {
      await rt.scheduler.settled(merchant.id)
      merchant = findMerchant(rt.db, merchant.id)!
    }
    rt.scheduler.catchUp(merchant)
    c.set('merchant', merchant)
    await next()
  })
}
