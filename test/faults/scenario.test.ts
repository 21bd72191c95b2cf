// Standing faults declared by a scenario (api.faults): a share of 1 fails every request, 0 none,
// and what fails in between is the same for the same seed and different for another.
import { afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'
import { httpClient } from './client.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const scenario = (faults: string) => `
name: flaky-api
seed: 11
default: { steps: [{ after: 1s, status: paid }] }
api:
  faults:
${faults}
`

async function withScenario(yaml: string, seed?: number) {
  await h?.close()
  h = await harness()
  const put = await h.request('PUT', '/sandbox/scenario', { yaml, ...(seed !== undefined && { seed }) })
  expect(put.status).toBe(200)
  return httpClient(h)
}

/** The statuses of `n` pings, in order. */
async function pings(api: Awaited<ReturnType<typeof httpClient>>, n: number): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < n; i++) statuses.push((await api.post('/api/service/ping', {})).status)
  return statuses
}

describe('standing faults of a scenario', () => {
  it('share 1 fails every request to the path, after acting; share 0 none; both are listed', async () => {
    const api = await withScenario(
      scenario(`    - { path: payout/create, status: 503, when: after, share: 1, retryAfter: 1 }
    - { path: balance/retrieve, status: 500, when: before, share: 0 }`),
    )
    for (let i = 0; i < 3; i++) {
      const res = await api.post('/api/service/payout/create', openLoop(1))
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('1')
    }
    expect((h!.rt.db.sqlite.prepare('select count(*) n from payouts').get() as { n: number }).n).toBe(3)
    for (let i = 0; i < 3; i++) expect((await api.post('/api/service/balance/retrieve', { currency: 'EUR' })).status).toBe(200)

    const listed = (await api.get('/sandbox/faults')).body
    expect(listed).toEqual({
      armed: [],
      standing: [
        { path: 'payout/create', status: 503, when: 'after', share: 1, retryAfter: 1 },
        { path: 'balance/retrieve', status: 500, when: 'before', share: 0 },
      ],
    })
    const faults = (await api.get('/sandbox/events?limit=100')).body.items.filter((e: { source: string }) => e.source === 'fault')
    expect(faults).toHaveLength(3)
    expect(faults[0]).toMatchObject({ rule: 'scenario', payoutId: expect.any(String), fault: { path: 'payout/create', status: 503, when: 'after' } })
  })

  it('an armed fault fires before the standing ones', async () => {
    const api = await withScenario(scenario('    - { path: ping, status: 503, when: before, share: 1 }'))
    await api.arm({ path: 'ping', status: 429, when: 'before' })
    expect(await pings(api, 2)).toEqual([429, 503])
  })

  it('a share between is drawn from the seed: the same seed fails the same requests', async () => {
    const yaml = scenario('    - { path: ping, status: 500, when: before, share: 0.5 }')
    const first = await pings(await withScenario(yaml), 40)
    const again = await pings(await withScenario(yaml), 40)
    const otherSeed = await pings(await withScenario(yaml, 12345), 40)
    expect(again).toEqual(first)
    expect(otherSeed).not.toEqual(first)
    const failed = first.filter((s) => s === 500).length
    expect(failed).toBeGreaterThan(5)
    expect(failed).toBeLessThan(35)
  })

  it.each([
    ['an unknown path', '    - { path: payout/explode, status: 500, when: before, share: 1 }', 'api.faults.0.path'],
    ['a share over 1', '    - { path: ping, status: 500, when: before, share: 1.5 }', 'api.faults.0.share'],
    ['no share', '    - { path: ping, status: 500, when: before }', 'api.faults.0.share'],
    ['a status that is no fault', '    - { path: ping, status: 418, when: before, share: 1 }', 'api.faults.0.status'],
  ])('refuses a scenario with %s', async (_, faults, path) => {
    h = await harness()
    const put = await h.request('PUT', '/sandbox/scenario', { yaml: scenario(faults) })
    expect(put.status).toBe(400)
    expect(put.body.data.path).toBe(path)
  })
})
