// Everything a running sandbox holds, wired once: the database, the wall clock that sandbox
// clocks are anchored to, id generation, the scenario library and the scheduler. Passed to the
// app and to services, so tests and benchmarks can build one with a fixed clock and ids.
import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { openDatabase, type Db } from './db/database.js'
import { systemWallClock, type WallClock } from './lib/clock.js'
import { cacheKey, readCache, writeCache } from './lib/disk-cache.js'
import { randomIds, type IdSource } from './lib/ids.js'
import { ensureDefaultMerchant } from './merchants/service.js'
import { ScenarioLibrary } from './sim/scenario/library.js'
import { SCENARIOS_DIR, ShippedScenarios } from './sim/scenario/load.js'
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
  /** Webhook attempts one advance may make before it stops and says where; default 100,000. */
  maxAttemptsPerAdvance?: number
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

const shippedByDir = new Map<string, ShippedScenarios>()
let migratedImage: Promise<Buffer> | undefined
const MIGRATIONS_SOURCE = new URL('./db/migrations.ts', import.meta.url)

function opensAsDatabase(image: Buffer): boolean {
  try {
    const db = new Database(image)
    db.prepare('select count(*) from kysely_migration').get()
    db.close()
    return true
  } catch {
    return false
  }
}

/**
 * An empty database at the latest migration, made once per process (or taken from the disk
 * cache, keyed by the migrations' source): in-memory sandboxes start from a copy.
 */
function emptyImage(): Promise<Buffer> {
  migratedImage ??= (async () => {
    const key = cacheKey('empty-image', readFileSync(MIGRATIONS_SOURCE))
    const cached = readCache(key)
    if (cached && opensAsDatabase(cached)) return cached
    const db = await openDatabase({ path: ':memory:' })
    const image = db.sqlite.serialize()
    await db.close()
    writeCache(key, image)
    return image
  })()
  return migratedImage
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const dir = options.scenariosDir ?? SCENARIOS_DIR
  let shipped = shippedByDir.get(dir)
  if (!shipped) shippedByDir.set(dir, (shipped = new ShippedScenarios(dir)))
  const scenario = options.scenario ?? 'default'
  if (!shipped.get(scenario)) throw new Error(`unknown scenario "${scenario}"; shipped: ${shipped.names().join(', ')}`)
  const path = options.db ?? ':memory:'
  const image = options.image ?? (path === ':memory:' ? await emptyImage() : undefined)
  const db = await openDatabase({ path, template: options.template, image })
  const closer = new AbortController()
  let scheduler: Scheduler
  const rt: Runtime = {
    db,
    wall: options.wall ?? systemWallClock,
    ids: options.ids ?? randomIds,
    scenarios: new ScenarioLibrary(shipped, db),
    get scheduler() {
      return scheduler
    },
    defaults: { scenario, seed: options.seed ?? null },
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    closing: closer.signal,
    async close() {
      closer.abort()
      await rt.scheduler.stop()
      await db.close()
    },
  }
  scheduler = new Scheduler(rt, options.tickMs ?? 50, options.maxAttemptsPerAdvance)
  ensureDefaultMerchant(rt, { scenario: options.scenario, seed: options.seed })
  return rt
}
