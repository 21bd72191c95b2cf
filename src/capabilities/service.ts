// What Ivy offers in a market. [sandbox] Open banking, account information (ais) and payment
// initiation (pis), in every country of the SEPA schemes (the United Kingdom included), nothing
// elsewhere; the same for every merchant.
import { SEPA_COUNTRIES, type Country } from '../lib/countries.js'
import type { Capabilities } from './schemas.js'

export function capabilitiesIn(market: Country): Capabilities {
  return { capabilities: SEPA_COUNTRIES.includes(market) ? ['ais', 'pis'] : [] }
}
