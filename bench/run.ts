// `npm run bench [-- create|list|advance|advance-rails|startup|install|idle|snapshots ...]`: runs the chosen parts (all by default)
// and prints a summary of every target. The only place that reads argv and env.
import { availableParallelism, cpus } from 'node:os'
import { benchAdvance, benchRailsAdvance } from './advance.js'
import { profileChildrenInto } from './child.js'
import { benchCreate } from './create.js'
import { loadFixture } from './fixture.js'
import { benchIdle } from './idle.js'
import { benchList } from './list.js'
import { benchInstall } from './install.js'
import { fmt } from './stats.js'
import { benchSnapshots } from './snapshots.js'
import { benchStartup } from './startup.js'
import { summary, type Verdict } from './verdict.js'

const PARTS = { startup: benchStartup, install: benchInstall, create: benchCreate, list: benchList, advance: benchAdvance, 'advance-rails': benchRailsAdvance, idle: benchIdle, snapshots: benchSnapshots } satisfies Record<string, () => Promise<Verdict[]>>
type Part = keyof typeof PARTS

const asked = process.argv.slice(2)
const unknown = asked.filter((a) => !(a in PARTS))
if (unknown.length) {
  console.error(`unknown part ${unknown.join(', ')}; choose from ${Object.keys(PARTS).join(', ')}`)
  process.exit(2)
}
// BENCH_CPU_PROF=<dir> writes a .cpuprofile per child process, to see where a miss spends its time.
if (process.env.BENCH_CPU_PROF) profileChildrenInto(process.env.BENCH_CPU_PROF)
process.once('SIGINT', () => process.exit(130))

const parts = (asked.length ? asked : Object.keys(PARTS)) as Part[]
const started = performance.now()
console.log(`ivy-sandbox benchmarks: ${parts.join(', ')}`)
console.log(`node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'})`)
console.log('Absolute figures on a shared machine are noise; the ratios, measured in one run with alternating rounds, are what count.')
if (parts.includes('list') || parts.includes('advance')) {
  const fixture = await loadFixture()
  console.log(`\nfixture: ${fixture.big.payouts} + ${fixture.small.payouts} payouts through createPayout, ${fmt(fixture.createPerSecond, 0)} payouts/s`)
}
const verdicts: Verdict[] = []
for (const part of parts) verdicts.push(...(await PARTS[part]()))
console.log(`\n## summary (${fmt((performance.now() - started) / 1000, 0)} s)\n${summary(verdicts)}`)
