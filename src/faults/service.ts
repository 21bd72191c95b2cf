// API faults: armed ones (POST /sandbox/faults) fire for the merchant's next requests to a path,
// oldest first; standing ones (the scenario's api.faults) fire for a seeded share of requests.
// Every fault that fires is used up and journaled in one transaction (source "fault").
import type { ApiFaultRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import type { IvyPath } from '../engine/ivy-api.js'
import { addFaultEntry } from '../journal/repo.js'
import { toIso } from '../lib/clock.js'
import { formatDuration, parseDuration } from '../lib/duration.js'
import { seededRandom } from '../lib/random.js'
import type { Runtime } from '../runtime.js'
import { armedFaults, clearArmedFaults, insertFault, nextArmedFault, spendFault } from './repo.js'
import type { ArmFaultBody } from './schemas.js'
import type { ArmedFault, FaultList, FaultStatus, FaultWhen } from './types.js'

/** A fault chosen for one request. */
export interface Fault {
  /** The armed row it comes from; null for a standing fault of the scenario. */
  armedId: number | null
  path: IvyPath
  status: FaultStatus
  when: FaultWhen
  retryAfter: number | null
  delayMs: number | null
}

function toArmedFault(row: ApiFaultRow): ArmedFault {
  return {
    id: row.id,
    path: row.path as IvyPath,
    status: row.status as FaultStatus,
    when: row.fault_when,
    remaining: row.remaining,
    retryAfter: row.retry_after,
    delay: row.delay_ms === null ? null : formatDuration(row.delay_ms),
    createdAt: toIso(row.created_at),
  }
}

export function armFault(rt: Runtime, ctx: MerchantContext, body: ArmFaultBody): ArmedFault {
  return rt.db.tx(() => {
    const row = {
      merchant_id: ctx.merchant.id,
      path: body.path,
      status: body.status,
      fault_when: body.when,
      remaining: body.times,
      retry_after: body.retryAfter ?? null,
      delay_ms: body.delay === undefined ? null : parseDuration(body.delay)!,
      created_at: ctx.now,
    }
    const id = Number(insertFault.run(rt.db, row).lastInsertRowid)
    return toArmedFault({ id, ...row })
  })
}

export function listFaults(rt: Runtime, ctx: MerchantContext): FaultList {
  return { armed: armedFaults(rt.db, ctx.merchant.id).map(toArmedFault), standing: ctx.scenario.api?.faults ?? [] }
}

export function clearFaults(rt: Runtime, merchantId: string): number {
  return rt.db.tx(() => clearArmedFaults(rt.db, merchantId))
}

/**
 * The fault for the merchant's `seq`-th request to `path`, if one fires; nothing is used up yet.
 * An armed fault comes first; otherwise one draw from (seed, path, seq) picks among the standing
 * faults by their shares, so a run with the same seed fails the same requests.
 */
export function faultFor(rt: Runtime, ctx: MerchantContext, path: IvyPath, seq: number): Fault | undefined {
  const armed = nextArmedFault.get(rt.db, { merchantId: ctx.merchant.id, path })
  if (armed) {
    const { id, status, fault_when: when, retry_after: retryAfter, delay_ms: delayMs } = armed
    return { armedId: id, path, status: status as FaultStatus, when, retryAfter, delayMs }
  }
  const standing = (ctx.scenario.api?.faults ?? []).filter((f) => f.path === path)
  if (standing.length === 0) return undefined
  const draw = seededRandom(ctx.seed, 'api-fault', path, seq).next()
  let below = 0
  const chosen = standing.find((f) => draw < (below += f.share))
  if (!chosen) return undefined
  return {
    armedId: null,
    path,
    status: chosen.status,
    when: chosen.when,
    retryAfter: chosen.retryAfter ?? null,
    delayMs: chosen.delay === undefined ? null : parseDuration(chosen.delay)!,
  }
}

/**
 * Uses the fault up and journals it, with the payout the request acted on if any. False when an
 * armed fault's last request was taken by a concurrent one: this request then answers normally.
 */
export function injectFault(rt: Runtime, ctx: MerchantContext, fault: Fault, payoutId: string | null): boolean {
  return rt.db.tx(() => {
    if (fault.armedId !== null && !spendFault(rt.db, fault.armedId)) return false
    addFaultEntry(rt.db, {
      merchant_id: ctx.merchant.id,
      payout_id: payoutId,
      at: ctx.now,
      fault_path: fault.path,
      fault_status: fault.status,
      fault_when: fault.when,
      rule: fault.armedId === null ? 'scenario' : null,
    })
    return true
  })
}
