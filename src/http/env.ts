// What middleware hands to handlers.
import type { MerchantRow } from '../db/schema.js'

export interface AppEnv {
  Variables: {
    /** The merchant of the X-Ivy-Api-Key, with its due work already run. */
    merchant: MerchantRow
    /** The JSON body as sent (before validation drops or normalises anything); `{}` when empty. */
    sentJson: unknown
  }
}
