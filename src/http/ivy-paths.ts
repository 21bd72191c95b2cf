// Every Ivy operation the sandbox serves, below /api/service/. `ivyRoute()` takes only these, so
// a new route is added here first; faults (src/faults) are armed against this list.
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
] as const
export type IvyPath = (typeof IVY_PATHS)[number]

export const IVY_PREFIX = '/api/service/'

export function isIvyPath(path: string): path is IvyPath {
  return (IVY_PATHS as readonly string[]).includes(path)
}
