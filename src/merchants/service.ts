// Merchants: the tenant of every object. The default merchant exists in every database with a
// documented key; POST /sandbox/merchants makes isolated ones for parallel tests.
import type { MerchantRow } from '../db/schema.js'
import { clockOf, contextOf, requireMerchant } from '../engine/context.js'
import { Invalid } from '../engine/errors.js'
import { clockNow, toIso } from '../lib/clock.js'
import { toMajor, toMinor, type AnyCurrency, type Currency } from '../lib/money.js'
import type { Runtime } from '../runtime.js'
import { balancesOf } from '../balance/repo.js'
import { creditTopUp } from '../balance/service.js'
import { dropUnusedScenario } from '../sim/scenario/repo.js'
import { beneficiaryAccountsFor, beneficiaryAccountsOf } from './beneficiary-accounts.js'
import { findMerchant, firstMerchantBesides, insertMerchant, updateMerchant } from './repo.js'
import type { CreateMerchantBody, Merchant } from './schemas.js'

export const DEFAULT_MERCHANT = {
  id: '7d3f9a52-0c4e-4b8a-9f1d-5e6a2b8c4d01',
  name: 'Default sandbox merchant',
  apiKey: 'ivy_sandbox_default_key',
  webhookSecret: 'whsec_sandbox_default_secret',
} as const

export const DEFAULT_BALANCES: Partial<Record<Currency, number>> = { EUR: 10_000, GBP: 10_000 }

export function createMerchant(rt: Runtime, body: CreateMerchantBody, fixed?: { id: string; apiKey: string; webhookSecret: string }): MerchantRow {
  const scenario = body.scenario ?? rt.defaults.scenario
  if (!rt.scenarios.get(scenario)) {
    throw new Invalid(`unknown scenario "${scenario}"; shipped: ${rt.scenarios.names().join(', ')}`, 'scenario')
  }
  const wall = rt.wall()
  const now = body.clock?.now ? Date.parse(body.clock.now) : wall
  const id = fixed?.id ?? rt.ids.uuid()
  const name = body.name ?? `Sandbox merchant ${id.slice(-8)}`
  const row: MerchantRow = {
    id,
    name,
    api_key: fixed?.apiKey ?? rt.ids.secret('ivy_sandbox_'),
    webhook_secret: fixed?.webhookSecret ?? rt.ids.secret('whsec_'),
    open_loop: body.openLoop === false ? 0 : 1,
    scenario_name: scenario,
    scenario_id: null,
    seed: body.seed ?? rt.defaults.seed,
    clock_mode: body.clock?.mode ?? 'frozen',
    clock_now: now,
    clock_wall: wall,
    clock_speed: body.clock?.speed ?? 1,
    next_wake_wall: null,
    payout_seq: 0,
    customer_payouts: 0,
    beneficiary_payouts: 0,
    created_at: now,
    beneficiary_accounts: JSON.stringify(beneficiaryAccountsFor({ id, name }, body.beneficiaryAccounts)),
  }
  rt.db.tx(() => {
    insertMerchant(rt.db, row)
    for (const [currency, amount] of Object.entries(body.balances ?? DEFAULT_BALANCES) as Array<[Currency, number]>) {
      creditTopUp(rt, contextOf(rt, row), currency, toMinor(amount, currency), `balances.${currency}`)
    }
  })
  return row
}

/**
 * The default merchant of `npm start`, created on first start with the documented key and a
 * realtime clock; `--scenario` and `--seed` re-point it on every start.
 */
export function ensureDefaultMerchant(rt: Runtime, override: { scenario?: string; seed?: number }): void {
  const existing = findMerchant(rt.db, DEFAULT_MERCHANT.id)
  if (!existing) {
    createMerchant(rt, { name: DEFAULT_MERCHANT.name, scenario: override.scenario, seed: override.seed, clock: { mode: 'realtime' } }, DEFAULT_MERCHANT)
    return
  }
  if (override.scenario !== undefined || override.seed !== undefined) {
    rt.db.tx(() => {
      updateMerchant(rt.db, existing.id, {
        ...(override.scenario !== undefined && { scenario_name: override.scenario, scenario_id: null }),
        ...(override.seed !== undefined && { seed: override.seed }),
      })
      if (override.scenario !== undefined) dropUnusedScenario(rt.db, existing.scenario_id)
    })
  }
}

/**
 * The merchant of a sandbox started from a snapshot: the first created after the default one
 * (createSandbox() creates its merchant first), or the default merchant if there is none.
 */
export function snapshotMerchant(rt: Runtime): MerchantRow {
  return firstMerchantBesides(rt.db, DEFAULT_MERCHANT.id) ?? requireMerchant(rt, DEFAULT_MERCHANT.id)
}

export function toMerchant(rt: Runtime, row: MerchantRow): Merchant {
  const clock = clockOf(row)
  const accounts = balancesOf(rt.db, row.id)
  return {
    id: row.id,
    name: row.name,
    apiKey: row.api_key,
    webhookSecret: row.webhook_secret,
    balances: Object.fromEntries(accounts.map((b) => [b.currency, toMajor(b.available, b.currency as Currency)])),
    accounts: accounts.map((b) => {
      const currency = b.currency as AnyCurrency
      return { id: b.account_id, currency, available: toMajor(b.available, currency), booked: toMajor(b.booked, currency) }
    }),
    beneficiaryAccounts: beneficiaryAccountsOf(row),
    openLoop: row.open_loop === 1,
    scenario: row.scenario_name,
    seed: row.seed,
    clock: { now: toIso(clockNow(clock, rt.wall())), mode: clock.mode, speed: clock.speed },
  }
}
