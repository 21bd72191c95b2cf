// The library surface: `createSandbox()` starts a sandbox in-process for a test suite, on a
// free port with an in-memory database, and hands back a fresh merchant to use. The types
// exported here name nothing of the HTTP stack or the database driver, so a strict consumer
// type-checks them with no extra @types packages.
import type { CoverageReport } from './coverage/report.js'
import { CoverageQuery } from './coverage/schemas.js'
import { coverageReport } from './coverage/service.js'
import type { MerchantRow } from './db/schema.js'
import { ApiError } from './http/api-error.js'
import { parseOrThrow, refusalOf } from './http/errors.js'
import { ArmFaultBody } from './faults/schemas.js'
import { armFault, clearFaults, listFaults } from './faults/service.js'
import type { ArmedFault, FaultInput, FaultList } from './faults/types.js'
import { CreateMerchantBody } from './merchants/schemas.js'
import { createMerchant, snapshotMerchant } from './merchants/service.js'
import { caughtUp, requireMerchant } from './engine/context.js'
import { createRuntime, type RuntimeOptions } from './runtime.js'
import { listen } from './server.js'
import { advanceClock, freezeClock, resumeClock, viewClock } from './sim/clock.js'
import type { PayoutStatus } from './payouts/states.js'
import { AdvanceClockBody, ResumeClockBody } from './sim/schemas.js'
import type { WebhookCheckReport } from './webhooks/check-report.js'
import { checkWebhookHandler } from './webhooks/check.js'
import { CheckWebhookBody } from './webhooks/schemas.js'

export interface SandboxOptions {
  /** Shipped scenario of the merchant; default "default". */
  scenario?: string
  /** Overrides the scenario's seed. */
  seed?: number
  /** Default: frozen at the current wall time. Pass `now` for a fully reproducible calendar. */
  clock?: { mode: 'frozen' | 'realtime'; now?: string | Date; speed?: number }
  /** Major units per currency; default { EUR: 10000, GBP: 10000 }. */
  balances?: Partial<Record<'EUR' | 'GBP' | 'USD' | 'USDC', number>>
  openLoop?: boolean
  /** Port to listen on; default a free one. */
  port?: number
  /** SQLite file; default in memory. */
  db?: string
  /** Wall milliseconds a webhook receiver gets to answer; default 10,000 as at Ivy. */
  webhookTimeoutMs?: number
  /**
   * Start from a `sandbox.snapshot()` (in memory): every merchant and object in it, and this
   * sandbox's merchant is the first merchant created in it after the default one (the merchant
   * of the sandbox that took it). Not combinable with the merchant options or `db`.
   */
  from?: Uint8Array
}

/** A status change that an advance made happen (of a payout, refund, return or order), at its sandbox time. */
export interface FiredTransition {
  object: 'payout' | 'refund' | 'return' | 'order'
  id: string
  /** The payout id again, for payout changes. */
  payoutId?: string
  from: string
  to: string
  at: Date
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:53123; Ivy's API is under /api/service. */
  url: string
  apiKey: string
  webhookSecret: string
  merchantId: string
  clock: {
    now(): Date
    /** Moves the clock ("90s", "15m", "6d", or a time) and runs everything due, in order. */
    advance(by: string | Date): Promise<{ now: Date; fired: FiredTransition[] }>
    freeze(): Promise<Date>
    resume(speed?: number): Promise<Date>
  }
  /**
   * Sends your webhook handler signed, duplicated, reordered and forged requests and reports how
   * it answered each, as POST /sandbox/webhooks/check does; signed with `webhookSecret` unless
   * `secret` is given. Writes no event or delivery.
   */
  checkWebhook(url: string, options?: { secret?: string }): Promise<WebhookCheckReport>
  /** Faults on the API, as /sandbox/faults: the next requests to an Ivy path answer 429 or 5xx, before or after acting. */
  faults: {
    arm(fault: FaultInput): Promise<ArmedFault>
    list(): Promise<FaultList>
    /** Removes every armed fault; answers how many there were. */
    clear(): Promise<number>
  }
  /**
   * What the merchant exercised of its scenario, webhooks and API faults, and what it never
   * reached (`uncovered`), as GET /sandbox/coverage; `{ merchants: 'all' }` adds up every
   * merchant of this sandbox.
   */
  coverage(options?: { merchants?: 'all' }): Promise<CoverageReport>
  /** The whole sandbox (every merchant, in memory) as bytes, for `createSandbox({ from })`. */
  snapshot(): Uint8Array
  close(): Promise<void>
}

/** A Date as the API's ISO string; an invalid one stays "Invalid Date", which the schema refuses. */
const isoOf = (date: Date) => (Number.isNaN(date.getTime()) ? String(date) : date.toISOString())

/**
 * Options and clock moves are checked with the same schemas as POST /sandbox/merchants and
 * /sandbox/clock/*, so a mistake throws the API's error (an ApiError with message and param).
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const body = parseOrThrow(CreateMerchantBody, {
    scenario: options.scenario,
    seed: options.seed,
    balances: options.balances,
    openLoop: options.openLoop,
    clock: options.clock && {
      mode: options.clock.mode,
      now: options.clock.now instanceof Date ? isoOf(options.clock.now) : options.clock.now,
      speed: options.clock.speed,
    },
  })
  const runtimeOptions: RuntimeOptions = { db: options.db ?? ':memory:', webhookTimeoutMs: options.webhookTimeoutMs }
  if (options.from) {
    const given = (['scenario', 'seed', 'clock', 'balances', 'openLoop', 'db'] as const).find((option) => options[option] !== undefined)
    if (given) throw ApiError.validation(`"from" starts from the snapshot's merchant and database; "${given}" cannot be given with it`, given)
    runtimeOptions.image = Buffer.from(options.from)
  }
  const rt = await createRuntime(runtimeOptions)
  let merchant: MerchantRow
  try {
    merchant = options.from ? snapshotMerchant(rt) : createMerchant(rt, body)
  } catch (err) {
    await rt.close()
    throw refusalOf(err) ?? err
  }
  const server = await listen(rt, { port: options.port ?? 0, host: '127.0.0.1' })
  const id = merchant.id
  /** The merchant brought to its moment, as a request to the API would find it. */
  const context = () => caughtUp(rt, requireMerchant(rt, id))
  return {
    url: server.url,
    apiKey: merchant.api_key,
    webhookSecret: merchant.webhook_secret,
    merchantId: id,
    clock: {
      now: () => new Date(viewClock(rt, id).now),
      advance: (by) =>
        asApi(async () => {
          const target = parseOrThrow(AdvanceClockBody, by instanceof Date ? { to: isoOf(by) } : { by })
          const result = await advanceClock(rt, id, target)
          return { now: new Date(result.now), fired: result.fired.map((f) => ({ ...f, at: new Date(f.at) })) }
        }),
      freeze: () => asApi(async () => new Date((await freezeClock(rt, id)).now)),
      resume: (speed) => asApi(async () => new Date((await resumeClock(rt, id, parseOrThrow(ResumeClockBody, { speed }).speed)).now)),
    },
    checkWebhook: (url, checkOptions = {}) =>
      asApi(async () => checkWebhookHandler(rt, await context(), parseOrThrow(CheckWebhookBody, { url, secret: checkOptions.secret }))),
    faults: {
      arm: (fault) => asApi(async () => armFault(rt, await context(), parseOrThrow(ArmFaultBody, fault))),
      list: () => asApi(async () => listFaults(rt, await context())),
      clear: () => asApi(async () => clearFaults(rt, id)),
    },
    coverage: (coverageOptions = {}) =>
      asApi(async () => {
        const { merchants } = parseOrThrow(CoverageQuery, coverageOptions)
        // As a request would: the payout steps already due run first.
        const { merchant } = await context()
        return coverageReport(rt, merchants ?? merchant)
      }),
    snapshot: () => {
      rt.db.flush()
      const image = rt.db.sqlite.serialize()
      // A file-backed sandbox is in WAL mode; an image marked so would not open from memory.
      image[18] = image[19] = 1
      return image
    },
    close: async () => {
      await server.close()
      await rt.close()
    },
  }
}

/** Runs a library call as the API would answer it: a refusal is thrown as the API's ApiError. */
async function asApi<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    throw refusalOf(err) ?? err
  }
}

export { ApiError }
export type { ApiStatus, ErrorCategory, ErrorCode, IvyErrorBody } from './http/api-error.js'
export type { PayoutStatus }
export type { ArmedFault, FaultInput, FaultList, StandingFault } from './faults/types.js'
export type { CoverageItem, CoverageKind, CoverageKindName, CoverageReport, UncoveredItem } from './coverage/report.js'
export type { WebhookCheckCase, WebhookCheckReport } from './webhooks/check-report.js'
