// createSandbox() start-up, as a test suite's beforeEach pays it: the 95th percentile of 20
// sequential start + close must stay under 100 ms.
import { runWorker } from './child.js'
import { fmt, median, percentile } from './stats.js'
import type { StartupReport } from './startup-worker.js'
import type { Verdict } from './verdict.js'

const N = 20
const LIMIT_MS = 100

export async function benchStartup(): Promise<Verdict[]> {
  console.log(`\n## createSandbox() + close(), ${N} in sequence`)
  const { ms } = await runWorker<StartupReport>('startup-worker.ts', { n: N })
  const p50 = median(ms)
  const p95 = percentile(ms, 95)
  console.log(`  first ${fmt(ms[0]!, 1)} ms, median ${fmt(p50, 1)} ms, p95 ${fmt(p95, 1)} ms, max ${fmt(Math.max(...ms), 1)} ms`)
  console.log(`  all: ${ms.map((v) => fmt(v, 1)).join(' ')}`)
  return [{ part: 'startup', target: `p95 < ${LIMIT_MS} ms`, measured: `p95 ${fmt(p95, 1)} ms, median ${fmt(p50, 1)} ms, first ${fmt(ms[0]!, 1)} ms`, pass: p95 < LIMIT_MS }]
}
