// Runs due jobs on each merchant's clock.
//
// - `advance` moves a clock forward and runs everything that falls due on the way, in time
//   order, before it answers: payout steps in transactions of up to BATCH jobs (each holding the
//   jobs' effects and the clock position they reach, so a crash leaves a consistent prefix), and
//   webhook attempts one by one, awaited, outside any transaction.
// - `catchUp` runs before every authenticated request: payout steps already due at the
//   merchant's current time fire first, so a request always sees the state of its moment.
// - Once started, one timer sleeps until the earliest merchant wake (./wake.ts) and then does
//   the same for the merchants whose wake has come, sending their due webhooks in the background
//   (never blocking requests). Idle merchants cost nothing: a look reads the wake index only.
// Requests for a merchant wait while its clock is being advanced.
import type { JobRow } from '../db/schema.js'
import { clockOf, contextOf, type MerchantContext } from '../engine/context.js'
import { Invalid, Unavailable } from '../engine/errors.js'
import { clockAt, clockNow, toIso } from '../lib/clock.js'
import { MAX_MS } from '../lib/duration.js'
import { findMerchant, saveClock } from '../merchants/repo.js'
import { runStep, type Fired } from './steps.js'
import type { Runtime } from '../runtime.js'
import { attemptDelivery } from '../webhooks/deliver.js'
import { merchantsWithJobs, nextDueJob, nextDueJobOfKind, nextDueStep } from './jobs.js'
import { clearWake, dueMerchantIds, earliestWake, onWake, refreshWake, WAKE_BATCH } from './wake.js'

const BATCH = 500
/** Least wall time between two looks: a burst of lowered wakes makes one look, not one each. */
const MIN_SLEEP_MS = 5
/** Most wall time between two looks, in case the wall clock jumps under a sleeping timer. */
const MAX_SLEEP_MS = 1_000
/** Bound on webhook attempts in one advance or background run (an advance stopped by it says so). */
const MAX_ATTEMPTS_PER_RUN = 100_000

/** An advance that ends before its target says where the clock stopped, instead of skipping ahead. */
function stoppedShort(why: string, now: number): Unavailable {
  return new Unavailable(
    `The advance stopped early because ${why}: the clock is at ${toIso(now)}, and everything due until then has run. Advance again to go on.`,
    undefined,
    { now: toIso(now) },
  )
}

export class Scheduler {
  private readonly advancing = new Map<string, Promise<void>>()
  private readonly delivering = new Map<string, Promise<void>>()
  private started = false
  private timer?: NodeJS.Timeout
  /** Wall time the timer is set for. */
  private timerAt = Infinity

  constructor(
    private readonly rt: Runtime,
    private readonly maxAttemptsPerAdvance = MAX_ATTEMPTS_PER_RUN,
  ) {}

  /** Starts looking for due work by wall time; jobs left from a previous run get their wakes first. */
  start(): void {
    if (this.started) return
    this.started = true
    const { db } = this.rt
    // Wakes written by a run that stopped mid-way (or by no run: older files) are recomputed.
    db.tx(() => {
      for (const id of merchantsWithJobs(db)) this.refresh(id)
    })
    onWake(db, (merchantId, wall) => {
      if (!this.advancing.has(merchantId)) this.arm(wall)
    })
    this.arm(this.rt.wall())
  }

  async stop(): Promise<void> {
    this.started = false
    onWake(this.rt.db, undefined)
    this.disarm()
    await Promise.allSettled([...this.advancing.values(), ...this.delivering.values()])
  }

  isAdvancing(merchantId: string): boolean {
    return this.advancing.has(merchantId)
  }

  /** Resolves once no advance is running for the merchant. */
  async settled(merchantId: string): Promise<void> {
    for (let pending = this.advancing.get(merchantId); pending; pending = this.advancing.get(merchantId)) await pending
  }

  /** Fires the merchant's payout steps already due at the context's moment. */
  catchUp(ctx: MerchantContext): void {
    this.fireSteps(ctx.merchant.id, ctx.now, false, [])
  }

  /**
   * Moves the merchant's clock to `target(now)` and runs everything due by then, in order.
   * A target before the current time is refused: time never moves backwards.
   */
  advance(merchantId: string, target: (now: number) => number): Promise<{ now: number; fired: Fired[] }> {
    return this.exclusive(merchantId, async () => {
      const now = this.now(merchantId)
      const to = target(now)
      if (to < now) throw new Invalid('the clock never moves backwards: "to" is before the current sandbox time', 'to')
      if (to - now > MAX_MS) throw new Invalid('an advance moves the clock at most 10 years', 'to')
      const fired: Fired[] = []
      for (let attempts = 0; ; attempts++) {
        const delivery = this.fireSteps(merchantId, to, true, fired)
        if (!delivery) break
        // Stopped short, the clock stays at the last event fired: everything before it has run.
        if (this.rt.closing.aborted) throw stoppedShort('the sandbox is shutting down', this.now(merchantId))
        if (attempts === this.maxAttemptsPerAdvance) throw stoppedShort(`${attempts} webhook attempts were made`, this.now(merchantId))
        this.rt.db.tx(() => this.moveClock(merchantId, delivery.due_at))
        await attemptDelivery(this.rt, delivery)
      }
      this.rt.db.tx(() => this.moveClock(merchantId, to))
      this.rt.db.flush()
      return { now: this.now(merchantId), fired }
    })
  }

  /**
   * Runs `work` once the merchant's earlier advances and background webhook sends have ended,
   * and holds its requests (and its scheduled work) until it is done, as an advance does.
   */
  exclusive<T>(merchantId: string, work: () => Promise<T>): Promise<T> {
    // Advances of one merchant run one after another, each from where the previous stopped.
    const previous = this.advancing.get(merchantId) ?? Promise.resolve()
    const run = previous.then(async () => {
      await this.delivering.get(merchantId)
      return work()
    })
    // Only the sequence is tracked here; the caller gets the outcome (or the error) from `run`.
    const tracked: Promise<void> = run.then(
      () => this.finishAdvance(merchantId, tracked),
      () => this.finishAdvance(merchantId, tracked),
    )
    this.advancing.set(merchantId, tracked)
    return run
  }

  private finishAdvance(merchantId: string, tracked: Promise<void>): void {
    if (this.advancing.get(merchantId) !== tracked) return
    this.advancing.delete(merchantId)
    // Looks skipped the merchant while it advanced: its wake is set again from where it stopped.
    if (!this.rt.closing.aborted) this.rt.db.tx(() => this.refresh(merchantId))
  }

  private now(merchantId: string): number {
    return clockNow(clockOf(findMerchant(this.rt.db, merchantId)!), this.rt.wall())
  }

  private moveClock(merchantId: string, at: number): void {
    const merchant = findMerchant(this.rt.db, merchantId)!
    saveClock(this.rt.db, merchantId, clockAt(clockOf(merchant), this.rt.wall(), at))
  }

  /**
   * Fires payout steps due by `until`, BATCH per transaction. With `ordered`, webhook attempts
   * are part of the order: the run stops at the first one due and returns it for the caller to
   * send; without, they are left to the background sender.
   */
  private fireSteps(merchantId: string, until: number, ordered: boolean, fired: Fired[]): JobRow | undefined {
    const { db } = this.rt
    const next = () => (ordered ? nextDueJob(db, merchantId, until) : nextDueStep(db, merchantId, until))
    // Most requests find nothing due: look before opening a write transaction.
    if (!next()) return undefined
    for (;;) {
      let stoppedAt: JobRow | undefined
      let full = false
      // One context per batch: the merchant's scenario and seed; each step carries its own time.
      let ctx: MerchantContext | undefined
      db.tx(() => {
        let reached: number | undefined
        for (let n = 0; n < BATCH; n++) {
          const job = next()
          if (!job) break
          if (job.kind === 'webhook_delivery') {
            stoppedAt = job
            break
          }
          runStep(this.rt, (ctx ??= contextOf(this.rt, findMerchant(db, merchantId)!)), job, fired)
          reached = job.due_at
          full = n === BATCH - 1
        }
        if (ordered && reached !== undefined) this.moveClock(merchantId, reached)
      })
      // Each batch is its own commit: a crash keeps a prefix of whole events.
      db.flush()
      if (!full) return stoppedAt
    }
  }

  /** Sets the timer for `wall` unless it is already set no later, within the sleep bounds. */
  private arm(wall: number): void {
    if (!this.started) return
    const now = this.rt.wall()
    const at = Math.min(Math.max(wall, now + MIN_SLEEP_MS), now + MAX_SLEEP_MS)
    if (this.timer && this.timerAt <= at) return
    this.disarm()
    this.timer = setTimeout(() => this.look(), at - now)
    this.timer.unref()
    this.timerAt = at
  }

  private disarm(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Infinity
  }

  /** Runs what is due for every merchant whose wake has come, then sleeps until the next wake. */
  private look(): void {
    this.disarm()
    const { db } = this.rt
    const wall = this.rt.wall()
    const due = dueMerchantIds(db, wall)
    for (const id of due) {
      // The advance runs everything due on the way and sets the wake when it ends.
      if (this.advancing.has(id)) {
        db.tx(() => clearWake(db, id))
        continue
      }
      const merchant = findMerchant(db, id)
      if (!merchant) continue
      const clock = clockOf(merchant)
      const now = clockNow(clock, wall)
      this.fireSteps(id, now, false, [])
      if (nextDueJobOfKind(db, id, now, 'webhook_delivery')) this.sendInBackground(id)
      db.tx(() => refreshWake(db, id, clock, !this.delivering.has(id)))
    }
    this.arm(due.length === WAKE_BATCH ? wall : (earliestWake(db) ?? Infinity))
  }

  /** Recomputes the merchant's wake from its stored clock and all its jobs. */
  private refresh(merchantId: string): void {
    const merchant = findMerchant(this.rt.db, merchantId)
    if (merchant) refreshWake(this.rt.db, merchantId, clockOf(merchant))
  }

  /** Sends the merchant's due webhooks one at a time, oldest first, until none is due. */
  private sendInBackground(merchantId: string): void {
    if (this.delivering.has(merchantId)) return
    const run = (async () => {
      for (let attempts = 0; attempts < MAX_ATTEMPTS_PER_RUN && !this.rt.closing.aborted; attempts++) {
        if (this.advancing.has(merchantId)) return
        const job = nextDueJobOfKind(this.rt.db, merchantId, this.now(merchantId), 'webhook_delivery')
        if (!job) return
        await attemptDelivery(this.rt, job)
      }
    })()
      .catch((err) => console.error('webhook sender:', err))
      .finally(() => {
        this.delivering.delete(merchantId)
        // Looks left this merchant's webhooks to the sender; from now on they count again.
        if (!this.rt.closing.aborted) this.rt.db.tx(() => this.refresh(merchantId))
      })
    this.delivering.set(merchantId, run)
  }
}
