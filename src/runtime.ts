// Everything a running sandbox holds, wired once: the database, the wall clock that sandbox
// clocks are anchored to, id generation, the scenario library and the scheduler. Passed to the
// app and to services, so tests and benchmarks can build one with a fixed clock and ids.
import { openDatabase, type Db } from './db/database.js'
import { systemWallClock, type WallClock } from './lib/clock.js'
import { randomIds, type IdSource } from './lib/ids.js'
import { ensureDefaultMerchant } from './merchants/service.js'
import { ScenarioLibrary } from './sim/scenario/load.js'
import { Scheduler } from './sim/scheduler.js'

export interface RuntimeOptions {
  /** SQLite file or ':memory:' (the default). */
  db?: string
  /** Copied to `db` on first start (sandbox.db.example). */
  template?: string
  /** A serialized database to start from instead of `db`. */
  image?: Buffer
  wall?: WallClock
  ids?: IdSource
  scenariosDir?: string
  /** Scenario of the default merchant and of merchants created without one. */
  scenario?: string
  /** Seed of the default merchant and of merchants created without one. */
  seed?: number
  /** Wall milliseconds a webhook receiver gets to answer; Ivy allows 10 s. */
  webhookTimeoutMs?: number
  /** How often realtime clocks are checked for due work, in wall milliseconds. */
  tickMs?: number
}

export interface Runtime {
  readonly db: Db
  readonly wall: WallClock
  readonly ids: IdSource
  readonly scenarios: ScenarioLibrary
  readonly scheduler: Scheduler
  readonly defaults: { scenario: string; seed: number | null }
  readonly webhookTimeoutMs: number
  /** Aborted on close, so webhook attempts in flight end at once. */
  readonly closing: AbortSignal
  close(): Promise<void>
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const scenarios = new ScenarioLibrary(options.scenariosDir)
  const scenario = options.scenario ?? 'default'
  if (!scenarios.get(scenario)) throw new Error(`unknown scenario "${scenario}"; shipped: ${scenarios.names().join(', ')}`)
  const db = await openDatabase({ path: options.db ?? ':memory:', template: options.template, image: options.image })
  const closer = new AbortController()
  let scheduler: Scheduler
  const rt: Runtime = {
    db,
    wall: options.wall ?? systemWallClock,
    ids: options.ids ?? randomIds,
    scenarios,
    get scheduler() {
      return scheduler
    },
    defaults: { scenario, seed: options.seed ?? null },
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    closing: closer.signal,
    async close() {
      closer.abort()
      await rt.scheduler.stop()
      db.close()
    },
  }
  scheduler = new Scheduler(rt, options.tickMs ?? 50)
  ensureDefaultMerchant(rt, { scenario: options.scenario, seed: options.seed })
  return rt
}
