// Which merchant the dashboard shows: the API key pasted on the Merchant page, kept in a cookie,
// else the default merchant. Its clock is brought up to date first, exactly as the API's
// authentication does, so a page shows the state of its own moment.
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { MerchantRow } from '../db/schema.js'
import { findMerchant, findMerchantByApiKey } from '../merchants/repo.js'
import { DEFAULT_MERCHANT } from '../merchants/service.js'
import type { Runtime } from '../runtime.js'

const KEY_COOKIE = 'ivy_sandbox_key'

export async function dashboardMerchant(rt: Runtime, c: Context): Promise<MerchantRow> {
  const key = getCookie(c, KEY_COOKIE)
  // A key that no longer exists (the database was replaced) falls back to the default merchant.
  let merchant = (key && findMerchantByApiKey(rt.db, key)) || findMerchantByApiKey(rt.db, DEFAULT_MERCHANT.apiKey)!
  if (rt.scheduler.isAdvancing(merchant.id)) {
    await rt.scheduler.settled(merchant.id)
    merchant = findMerchant(rt.db, merchant.id)!
  }
  rt.scheduler.catchUp(merchant)
  return merchant
}

export function rememberApiKey(c: Context, apiKey: string): void {
  setCookie(c, KEY_COOKIE, apiKey, { path: '/', httpOnly: true, sameSite: 'Lax' })
}
