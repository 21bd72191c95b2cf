// What a test of orders or refunds checks money against: the EUR balance and the ledger.
import type { Harness } from '../helpers/harness.js'

export async function moneyOf(h: Harness, key?: string) {
  const balance = (await h.post('/api/service/balance/retrieve', { currency: 'EUR' }, { key })).body
  const ledger = (await h.post('/api/service/transaction/list', { from: 0, to: 4102444800 }, { key })).body
  return { balance, ledger }
}

export async function availableEur(h: Harness): Promise<number> {
  const { balances } = (await h.post('/api/service/balance/retrieve', { currency: 'EUR' })).body
  return balances.length === 0 ? 0 : balances[0].available
}

export async function bookings(h: Harness): Promise<any[]> {
  return (await h.post('/api/service/transaction/list', { from: 0, to: 4102444800 })).body.data
}

/** Makes the harness merchant run `yaml` (a scenario), answering its status. */
export async function useScenario(h: Harness, yaml: string): Promise<number> {
  return (await h.request('PUT', '/sandbox/scenario', { yaml })).status
}
