// merchant/capabilities/details, as Ivy's SDK types it.
import { z } from '@hono/zod-openapi'
import { COUNTRIES } from '../lib/countries.js'

export const CAPABILITIES = ['ais', 'pis'] as const
export type Capability = (typeof CAPABILITIES)[number]

export const CapabilitiesBody = z
  .object({ market: z.enum(COUNTRIES).openapi({ description: 'ISO 3166-1 alpha-2 country code (or XK).', example: 'DE' }) })
  .openapi('CapabilitiesDetailsRequest')

export const Capabilities = z
  .object({
    capabilities: z
      .array(z.enum(CAPABILITIES))
      .optional()
      .openapi({ description: 'Account information (ais) and payment initiation (pis) where the market has them; [] where it has neither [sandbox].' }),
  })
  .openapi('CapabilitiesDetails')
export type Capabilities = z.infer<typeof Capabilities>
