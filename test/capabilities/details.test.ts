// merchant/capabilities/details { market }: ais and pis in SEPA countries and the UK, none
// elsewhere; every one of the SDK's 250 markets is accepted, anything else is a 400 on market.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRIES } from '../../src/lib/countries.js'
import { harness, type Harness } from '../helpers/harness.js'

let h: Harness
beforeAll(async () => {
  h = await harness()
})
afterAll(() => h.close())

const details = (body: unknown, opts?: { key?: string | null }) => h.post('/api/service/merchant/capabilities/details', body, opts)

describe('merchant/capabilities/details', () => {
  it.each(['DE', 'FR', 'NL', 'PL', 'SE', 'DK', 'GB', 'CH', 'NO', 'IS', 'LI', 'MC', 'SM', 'AD', 'VA', 'GI', 'AX', 'RE'])('%s (SEPA) has ais and pis', async (market) => {
    const res = await details({ market })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ capabilities: ['ais', 'pis'] })
  })

  it.each(['US', 'CA', 'BR', 'JP', 'TR', 'UA', 'RS', 'XK', 'AQ'])('%s (outside SEPA) has none: an empty list', async (market) => {
    expect((await details({ market })).body).toStrictEqual({ capabilities: [] })
  })

  it("accepts each of the SDK's 250 markets", async () => {
    expect(COUNTRIES).toHaveLength(250)
    expect(new Set(COUNTRIES).size).toBe(250)
    const withCapabilities = []
    for (const market of COUNTRIES) {
      const res = await details({ market })
      expect(res.status, market).toBe(200)
      if (res.body.capabilities.length > 0) withCapabilities.push(market)
    }
    // EU 27, EEA 3, CH GB MC SM AD VA, GG JE IM GI, AX and the French territories GF GP MQ YT RE BL MF PM.
    expect(withCapabilities).toHaveLength(49)
  })

  it.each([
    ['missing', {}],
    ['lower case', { market: 'de' }],
    ['a three-letter code', { market: 'DEU' }],
    ['not a country', { market: 'EU' }],
    ['a number', { market: 49 }],
    ['null', { market: null }],
  ])('market %s: 400 on param market', async (_, body) => {
    const res = await details(body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION', category: 'invalid_request_error', param: 'market' })
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['message', 'category', 'code', 'docUrl', 'devMessage', 'statusCode']))
  })

  it('needs an API key', async () => {
    expect((await details({ market: 'DE' }, { key: null })).status).toBe(401)
  })
})
