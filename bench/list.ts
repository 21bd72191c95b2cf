// payout/list, the last page of 100, for a merchant with 100,000 payouts against one with 1,000,
// both in the same sandbox: the large one may cost at most twice as much per request.
import { startChild, type ServerReport } from './child.js'
import { loadFixture, type FixtureMerchant } from './fixture.js'
import { compareLoads, type LoadOptions } from './load.js'
import { fmt } from './stats.js'
import type { Verdict } from './verdict.js'

const PATH = '/api/service/payout/list'
const LIMIT = 100
const CONNECTIONS = 8

export async function benchList(): Promise<Verdict[]> {
  const fixture = await loadFixture()
  console.log(`\n## payout/list, last page of ${LIMIT}: large (${fixture.big.payouts} payouts) vs small (${fixture.small.payouts}), ${CONNECTIONS} connections`)
  const server = await startChild<ServerReport>('sandbox-server.ts', { db: fixture.copy('list.db') })
  try {
    const lastPage = (merchant: FixtureMerchant): LoadOptions => ({
      url: server.result.url + PATH,
      headers: { 'X-Ivy-Api-Key': merchant.apiKey },
      body: { limit: LIMIT, skip: merchant.payouts - LIMIT },
      connections: CONNECTIONS,
      seconds: 3,
    })
    const big = lastPage(fixture.big)
    const small = lastPage(fixture.small)
    await checkPage(big, fixture.big.payouts)
    await checkPage(small, fixture.small.payouts)
    // Named, not numbered: integer-like keys would be ordered by value, not as written.
    const m = await compareLoads({ large: big, small }, { rounds: 3, warmupSeconds: 1 })
    const { large: bigResult, small: smallResult } = m
    // Cost per request under load is the inverse of throughput; latency is shown beside it.
    const cost = smallResult.rps / bigResult.rps
    const latency = bigResult.mean / smallResult.mean
    console.log(`  large/small: cost per request ${fmt(cost, 2)}x, mean latency ${fmt(latency, 2)}x`)
    return [
      {
        part: 'list',
        target: `last page over ${fixture.big.payouts / 1000}k costs <= 2x over ${fixture.small.payouts / 1000}k`,
        measured: `${fmt(cost, 2)}x (${fmt(bigResult.rps, 0)} vs ${fmt(smallResult.rps, 0)} req/s)`,
        pass: cost <= 2,
      },
    ]
  } finally {
    await server.stop()
  }
}

/** The page measured must be a real one: 100 payouts, the oldest of the merchant's, counted right. */
async function checkPage(options: LoadOptions, count: number): Promise<void> {
  const res = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json', ...options.headers }, body: JSON.stringify(options.body) })
  const page = (await res.json()) as { items?: unknown[]; count?: number; hasNext?: boolean }
  if (!res.ok || page.items?.length !== LIMIT || page.count !== count || page.hasNext !== false) {
    throw new Error(`payout/list answered ${res.status} with ${page.items?.length} items, count ${page.count}, hasNext ${page.hasNext}`)
  }
}
