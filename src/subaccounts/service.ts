// Subaccounts are created active and stay so: Ivy's SDK has no endpoint that changes one.
import type { SubaccountRow } from '../db/schema.js'
import type { MerchantContext } from '../engine/context.js'
import { NotFound } from '../engine/errors.js'
import { toIso } from '../lib/clock.js'
import type { Runtime } from '../runtime.js'
import { findSubaccount, insertSubaccount } from './repo.js'
import type { CreateSubaccountBody, Subaccount } from './schemas.js'

export function toSubaccount(row: SubaccountRow): Subaccount {
  return {
    id: row.id,
    createdAt: toIso(row.created_at),
    legalName: row.legal_name,
    mcc: row.mcc,
    ownerId: row.merchant_id,
    status: row.status,
    updatedAt: toIso(row.updated_at),
    ...(row.website_url !== null && { websiteUrl: row.website_url }),
  }
}

export function createSubaccount(rt: Runtime, ctx: MerchantContext, body: CreateSubaccountBody): SubaccountRow {
  const row: SubaccountRow = {
    id: rt.ids.uuid(),
    merchant_id: ctx.merchant.id,
    legal_name: body.legalName,
    mcc: body.mcc,
    website_url: body.websiteUrl ?? null,
    status: 'active',
    created_at: ctx.now,
    updated_at: ctx.now,
  }
  rt.db.tx(() => insertSubaccount(rt.db, row))
  return row
}

/** The merchant's subaccount `id`; another merchant's is not found, named by `param`. */
export function retrieveSubaccount(rt: Runtime, ctx: MerchantContext, id: string, param = 'id'): SubaccountRow {
  const row = findSubaccount(rt.db, ctx.merchant.id, id)
  if (!row) throw new NotFound('Subaccount', param)
  return row
}
