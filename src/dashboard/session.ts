// Which merchant the dashboard shows: the API key pasted on the Merchant page, kept in a cookie,
// else the default merchant. It goes through the same catch-up step as an API request, so a
// page shows the state of its own moment.
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { caughtUp, type MerchantContext } from '../engine/context.js'
import { findMerchantByApiKey } from '../merchants/repo.js'
import { DEFAULT_MERCHANT } from '../merchants/service.js'
import type { Runtime } from '../runtime.js'

const KEY_COOKIE = 'ivy_sandbox_key'

export async function dashboardContext(rt: Runtime, c: Context): Promise<MerchantContext> {
  const key = getCookie(c, KEY_COOKIE)
  // A key that no longer exists (the database was replaced) falls back to the default merchant.
  const merchant = (key && findMerchantByApiKey(rt.db, key)) || findMerchantByApiKey(rt.db, DEFAULT_MERCHANT.apiKey)!
  return caughtUp(rt, merchant)
}

export function rememberApiKey(c: Context, apiKey: string): void {
  setCookie(c, KEY_COOKIE, apiKey, { path: '/', httpOnly: true, sameSite: 'Lax' })
}
