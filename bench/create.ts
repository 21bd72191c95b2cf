// payout/create under 32 connections against its floor (floor-server.ts): the sandbox must keep
// at least 60% of the floor's throughput with a p99 at most 1.5x the floor's.
import { startChild, type ServerReport } from './child.js'
import { scratchPath } from './fixture.js'
import { compareLoads } from './load.js'
import { fmt } from './stats.js'
import type { Verdict } from './verdict.js'
import { BENCH_MERCHANT, PAYOUT_BODY } from './workload.js'

const PATH = '/api/service/payout/create'
const CONNECTIONS = 32

export async function benchCreate(): Promise<Verdict[]> {
  console.log(`\n## payout/create vs floor (${CONNECTIONS} connections, file database in WAL mode)`)
  const sandbox = await startChild<ServerReport>('sandbox-server.ts', { db: scratchPath('create-sandbox.db') })
  const floor = await startChild<ServerReport>('floor-server.ts', { db: scratchPath('create-floor.db') })
  try {
    const apiKey = await createMerchant(sandbox.result.url)
    const common = { body: PAYOUT_BODY, connections: CONNECTIONS, seconds: 4 }
    const m = await compareLoads(
      {
        sandbox: { ...common, url: sandbox.result.url + PATH, headers: { 'X-Ivy-Api-Key': apiKey } },
        floor: { ...common, url: floor.result.url + PATH },
      },
      { rounds: 3, warmupSeconds: 1 },
    )
    const throughput = m.sandbox.rps / m.floor.rps
    const p99 = m.sandbox.p99 / m.floor.p99
    console.log(`  sandbox/floor: throughput ${fmt(throughput * 100, 0)}%, p99 ${fmt(p99, 2)}x`)
    return [
      { part: 'create', target: 'throughput >= 60% of floor', measured: `${fmt(throughput * 100, 0)}% (${fmt(m.sandbox.rps, 0)} vs ${fmt(m.floor.rps, 0)} req/s)`, pass: throughput >= 0.6 },
      { part: 'create', target: 'p99 <= 1.5x floor', measured: `${fmt(p99, 2)}x (${fmt(m.sandbox.p99, 0)} vs ${fmt(m.floor.p99, 0)} ms)`, pass: p99 <= 1.5 },
    ]
  } finally {
    await Promise.all([sandbox.stop(), floor.stop()])
  }
}

/** A merchant made the way a test suite makes one: POST /sandbox/merchants, no key needed. */
async function createMerchant(url: string): Promise<string> {
  const res = await fetch(`${url}/sandbox/merchants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_MERCHANT) })
  if (!res.ok) throw new Error(`POST /sandbox/merchants: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { apiKey: string }).apiKey
}
