// Ivy's API as a contract every layer may name: the key header, and every operation the sandbox
// serves below /api/service/. `ivyRoute()` takes only these, so a new route is added here
// first; faults (src/faults) are armed against this list.

export const API_KEY_HEADER = 'X-Ivy-Api-Key'

export const IVY_PATHS = [
  'ping',
  'payout/create',
  'payout/retrieve',
  'payout/list',
  'balance/retrieve',
  'order/details',
  'payee/verify',
  'webhook-subscription/create',
  'webhook-subscription/update',
  'webhook-subscription/list',
  'webhook-subscription/delete',
  'webhook-subscription/ping',
  'webhook/trigger',
  'order/create',
  'order/expire',
  'refund/create',
  'refund/retrieve',
  'deposit/retrieve',
  'return/create',
  'return/retrieve',
  'beneficiary-payout/create',
  'transaction/list',
  'subaccount/create',
  'subaccount/retrieve',
  'merchant/capabilities/details',
] as const
export type IvyPath = (typeof IVY_PATHS)[number]

export const IVY_PREFIX = '/api/service/'

export function isIvyPath(path: string): path is IvyPath {
  return (IVY_PATHS as readonly string[]).includes(path)
}
