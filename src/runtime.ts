// Everything a running sandbox holds, wired once: the database, the wall clock that sandbox
// clocks are anchored to, id generation, the scenario library and the scheduler. Passed to the
// app and to services, so tests and benchmarks can build one with a fixed clock and ids.
import Database from 'better-sqlite3'
import { openDatabase, type Db } from './db/database.js'
import { migrationsFingerprint } from './db/migrations.js'
import { systemWallClock, type WallClock } from './lib/clock.js'
import { cacheKey, readCache, writeCache } from './lib/disk-cache.js'
import { randomIds, type IdSource } from './lib/ids.js'
import { LiveFeed } from './live/feed.js'
import { ensureDefaultMerchant } from './merchants/service.js'
import { SCENARIOS_DIR } from './package-files.js'
import { ScenarioLibrary } from './sim/scenario/library.js'
import { ShippedScenarios } from './sim/scenario/load.js'
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
  /** Webhook attempts one advance may make before it stops and says where; default 100,000. */
  maxAttemptsPerAdvance?: number
  /**
   * Host names answered besides localhost, *.localhost, IP literals and the host listened on:
   * "name" for that name, ".name" for it and its subdomains, "all" to answer any Host.
   */
  allowedHosts?: string[]
}

/** An address and port listen() serves this runtime on. */
export interface ServedAddress {
  host: string
  port: number
}

export interface Runtime {
  readonly db: Db
  readonly wall: WallClock
  readonly ids: IdSource
  readonly scenarios: ScenarioLibrary
  readonly scheduler: Scheduler
  /** Tells the dashboard's open pages what changed (src/live/feed.ts). */
  readonly live: LiveFeed
  readonly defaults: { scenario: string; seed: number | null }
  readonly webhookTimeoutMs: number
  /** Filled by listen(): webhooks never reach the sandbox there, and its host is answered. */
  readonly served: Set<ServedAddress>
  readonly allowedHosts: readonly string[]
  /** Aborted by stopWork() or close(): webhook attempts in flight end, an advance stops where it is. */
  readonly closing: AbortSignal
  /** The first step of shutting down: long-running work stops early (an advance answers its 503). */
  stopWork(): void
  close(): Promise<void>
}

const shippedByDir = new Map<string, ShippedScenarios>()
let migratedImage: Promise<Buffer> | undefined

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
 * cache, keyed by the migrations' code): in-memory sandboxes start from a copy.
 */
function emptyImage(): Promise<Buffer> {
  migratedImage ??= (async () => {
    const key = cacheKey('empty-image', migrationsFingerprint)
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
    live: new LiveFeed(() => db.durable()),
    defaults: { scenario, seed: options.seed ?? null },
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    served: new Set(),
    allowedHosts: options.allowedHosts ?? [],
    closing: closer.signal,
    stopWork() {
      closer.abort()
    },
    async close() {
      closer.abort()
      await rt.scheduler.stop()
      await db.close()
    },
  }
  scheduler = new Scheduler(rt, options.maxAttemptsPerAdvance)
  ensureDefaultMerchant(rt, { scenario: options.scenario, seed: options.seed })
  return rt
}
