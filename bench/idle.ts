// A sandbox holding 10,000 idle realtime merchants (made as POST /sandbox/merchants makes them,
// with nothing scheduled) against one holding only the default merchant, both started on an
// existing file as after a restart: the idle server must use under 2% of a CPU, and its ping
// p50 must stay within 1.5x of the one-merchant floor's. Rounds alternate floor and subject, one
// server at a time, so a busy subject cannot slow the floor down.
import { copyFileSync } from 'node:fs'
import { runWorker, startChild, type ServerReport } from './child.js'
import { scratchPath, type PopulateResult } from './fixture.js'
import { alternate, fmt, median, medianOf } from './stats.js'
import type { Verdict } from './verdict.js'

const MERCHANTS = 10_000
const IDLE_MS = 3_000
const PINGS = 400
const WARMUP_PINGS = 50
const ROUNDS = 5
const CPU_LIMIT_PERCENT = 2
const PING_LIMIT_RATIO = 1.5
/** The default merchant's documented key. */
const DEFAULT_KEY = 'ivy_sandbox_default_key'

interface IdleSample {
  cpuPercent: number
  pingP50: number
}

export async function benchIdle(): Promise<Verdict[]> {
  console.log(`\n## ${MERCHANTS.toLocaleString('en-GB')} idle realtime merchants vs one merchant (idle CPU over ${IDLE_MS / 1000} s, ${PINGS} sequential pings)`)
  const subjectDb = scratchPath('idle-template.db')
  const floorDb = scratchPath('idle-floor-template.db')
  await runWorker<PopulateResult>('populate.ts', { db: subjectDb, counts: Array(MERCHANTS).fill(0), merchant: { clock: { mode: 'realtime' } } })
  await runWorker<PopulateResult>('populate.ts', { db: floorDb, counts: [] })
  const measure = (template: string, name: string) => async (round: number) => {
    const db = scratchPath(`${name}-${round}.db`)
    copyFileSync(template, db)
    const server = await startChild<ServerReport>('sandbox-server.ts', { db, idleMs: IDLE_MS })
    try {
      return { cpuPercent: server.result.idleCpuPercent!, pingP50: await pingP50(server.result.url) }
    } finally {
      await server.stop()
    }
  }
  const samples = await alternate<'floor' | 'idle', IdleSample>(ROUNDS, { floor: measure(floorDb, 'idle-floor'), idle: measure(subjectDb, 'idle') })
  for (const [name, s] of Object.entries(samples)) {
    console.log(`  ${name.padEnd(5)} idle CPU ${s.map((x) => fmt(x.cpuPercent, 1) + '%').join(' ')}, ping p50 ${s.map((x) => fmt(x.pingP50, 2) + ' ms').join(' ')}`)
  }
  const cpu = medianOf(samples.idle, (s) => s.cpuPercent)
  const floorCpu = medianOf(samples.floor, (s) => s.cpuPercent)
  const ping = medianOf(samples.idle, (s) => s.pingP50)
  const floorPing = medianOf(samples.floor, (s) => s.pingP50)
  return [
    { part: 'idle', target: `idle CPU < ${CPU_LIMIT_PERCENT}%`, measured: `${fmt(cpu, 1)}% (one merchant: ${fmt(floorCpu, 1)}%)`, pass: cpu < CPU_LIMIT_PERCENT },
    {
      part: 'idle',
      target: `ping p50 <= ${PING_LIMIT_RATIO}x one merchant`,
      measured: `${fmt(ping / floorPing, 2)}x (${fmt(ping, 2)} vs ${fmt(floorPing, 2)} ms)`,
      pass: ping <= PING_LIMIT_RATIO * floorPing,
    },
  ]
}

/** Median latency of sequential pings with the default key, after a few uncounted ones. */
async function pingP50(url: string): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < WARMUP_PINGS + PINGS; i++) {
    const started = performance.now()
    const res = await fetch(`${url}/api/service/ping`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Ivy-Api-Key': DEFAULT_KEY }, body: '{}' })
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`ping: ${res.status}`)
    if (i >= WARMUP_PINGS) ms.push(performance.now() - started)
  }
  return median(ms)
}
