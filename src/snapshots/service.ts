// Snapshots of one merchant [sandbox]: saved under a name, restored in place, listed, deleted;
// and forks, a new merchant made from a copy of another's state. A snapshot holds only the
// caller's merchant's rows, so restoring it never touches another tenant.
import type { MerchantRow } from '../db/schema.js'
import { API_KEY_HEADER } from '../engine/ivy-api.js'
import { Invalid, NotFound, Conflict, Forbidden, Unauthenticated } from '../engine/errors.js'
import { clockNow, toIso } from '../lib/clock.js'
import { LIVE_KINDS } from '../live/feed.js'
import { findMerchantByApiKey } from '../merchants/repo.js'
import type { CreateMerchantBody } from '../merchants/schemas.js'
import { caughtUp, clockOf, requireMerchant } from '../engine/context.js'
import type { Runtime } from '../runtime.js'
import { deleteSnapshotRow, findSnapshotState, insertSnapshot, snapshotExists, snapshotsOf, type SnapshotRow } from './repo.js'
import type { Snapshot } from './schemas.js'
import { captureMerchant, forkMerchant, restoreMerchant, type MerchantState } from './state.js'

const toSnapshot = (row: Pick<SnapshotRow, 'name' | 'created_at' | 'payouts'>): Snapshot => ({ name: row.name, createdAt: toIso(row.created_at), payouts: row.payouts })

function notFound(): NotFound {
  return new NotFound('Snapshot', 'name')
}

export function saveSnapshot(rt: Runtime, merchantId: string, name: string): Snapshot {
  return rt.db.tx(() => {
    if (snapshotExists(rt.db, merchantId, name)) throw new Conflict(`a snapshot named "${name}" exists; delete it first`, 'name')
    const merchant = requireMerchant(rt, merchantId)
    // Anchored at this moment, so a restore brings back the time the snapshot was taken at.
    const wall = rt.wall()
    const now = clockNow(clockOf(merchant), wall)
    const state = captureMerchant(rt.db, { ...merchant, clock_now: now, clock_wall: wall })
    const row = { merchant_id: merchantId, name, created_at: now, payouts: state.rows.payouts.length, state: JSON.stringify(state) }
    insertSnapshot(rt.db, row)
    return toSnapshot(row)
  })
}

export function listSnapshots(rt: Runtime, merchantId: string): Snapshot[] {
  return snapshotsOf(rt.db, merchantId).map(toSnapshot)
}

/**
 * Puts the merchant back as it was when the snapshot was taken, in one transaction, once its
 * advances and webhook sends in flight have ended; its requests wait meanwhile.
 */
export async function restoreSnapshot(rt: Runtime, merchantId: string, name: string): Promise<Snapshot> {
  return rt.scheduler.exclusive(merchantId, async () => {
    const saved = findSnapshotState(rt.db, merchantId, name)
    if (saved === undefined) throw notFound()
    const state = JSON.parse(saved.state) as MerchantState
    // A realtime clock goes on from the snapshot's time, not from it plus the time since.
    state.merchant.clock_wall = rt.wall()
    rt.db.tx(() => {
      restoreMerchant(rt.db, state)
      // Everything a page shows may have changed.
      for (const kind of LIVE_KINDS) rt.live.notify(merchantId, kind)
    })
    return toSnapshot(saved)
  })
}

export function deleteSnapshot(rt: Runtime, merchantId: string, name: string): void {
  rt.db.tx(() => {
    if (deleteSnapshotRow(rt.db, merchantId, name) === 0) throw notFound()
  })
}

/** What a fork copies from its source; given with `from`, these would be silently overridden. */
const FORK_COPIES = ['balances', 'beneficiaryAccounts', 'openLoop', 'scenario', 'seed', 'clock'] as const

/**
 * The merchant a POST /sandbox/merchants `{ from }` copies, brought up to its current moment.
 * Only the holder of its API key may copy it: a fork holds all of its data.
 */
export async function forkSource(rt: Runtime, body: CreateMerchantBody & { from: string }, apiKey: string | undefined): Promise<MerchantRow> {
  const given = FORK_COPIES.find((field) => body[field] !== undefined)
  if (given) throw new Invalid(`a fork copies "${given}" from the merchant in "from"; give only "from" and "name"`, given)
  if (!apiKey) throw new Unauthenticated(`forking a merchant needs its API key in ${API_KEY_HEADER}`, true, 'from')
  const caller = findMerchantByApiKey(rt.db, apiKey)
  if (!caller) throw new Unauthenticated('invalid API key', false)
  if (caller.id !== body.from) throw new Forbidden(`the API key sent is not the key of merchant "${body.from}"`, 'from')
  await caughtUp(rt, caller)
  return requireMerchant(rt, caller.id)
}

/** A new merchant with new keys and a copy of `source`'s payouts, orders, balances, clock, scenario and pending payout steps. */
export function forkFrom(rt: Runtime, source: MerchantRow, name: string | undefined): MerchantRow {
  const id = rt.ids.uuid()
  return rt.db.tx(() =>
    forkMerchant(rt.db, rt.ids, captureMerchant(rt.db, source), {
      id,
      name: name ?? `Fork of ${source.name}`.slice(0, 100),
      api_key: rt.ids.secret('ivy_sandbox_'),
      webhook_secret: rt.ids.secret('whsec_'),
    }),
  )
}
