// What middleware hands to handlers.
import type { MerchantRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'

export interface AppEnv {
  Variables: {
    /** The merchant of the X-Ivy-Api-Key. */
    merchant: MerchantRow
    /** Its context at this request's moment, built once by the catch-up step (./catch-up.ts). */
    context: MerchantContext
    /** The JSON body as sent (before validation drops or normalises anything); `{}` when empty. */
    sentJson: unknown
  }
}
