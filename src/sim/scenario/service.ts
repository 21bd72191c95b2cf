// Choosing a merchant's scenario: a shipped one by name, or uploaded YAML, validated whole
// before anything changes.
import { ApiError } from '../../http/errors.js'
import { updateMerchant } from '../../merchants/repo.js'
import { requireMerchant } from '../../merchants/service.js'
import type { Runtime } from '../../runtime.js'
import type { ScenarioView } from '../schemas.js'
import { parseScenario, ScenarioError } from './load.js'

export function viewScenario(rt: Runtime, merchantId: string): ScenarioView {
  const merchant = requireMerchant(rt, merchantId)
  const scenario = rt.scenarios.forMerchant(merchant)
  return {
    name: scenario.name,
    source: merchant.scenario_yaml === null ? 'shipped' : 'uploaded',
    seed: merchant.seed ?? scenario.seed,
    description: scenario.description ?? null,
    rules: scenario.rules.map((r) => r.name),
    yaml: scenario.yaml,
    shipped: rt.scenarios.names(),
  }
}

export function setScenario(rt: Runtime, merchantId: string, choice: { name?: string; yaml?: string; seed?: number | null }): ScenarioView {
  if ((choice.name === undefined) === (choice.yaml === undefined)) throw ApiError.validation('give exactly one of "name" and "yaml"', 'name')
  if (choice.name !== undefined) {
    if (!rt.scenarios.get(choice.name)) throw ApiError.validation(`unknown scenario "${choice.name}"; shipped: ${rt.scenarios.names().join(', ')}`, 'name')
    updateMerchant(rt.db, merchantId, { scenario_name: choice.name, scenario_yaml: null, ...(choice.seed !== undefined && { seed: choice.seed }) })
  } else {
    let name: string
    try {
      name = parseScenario(choice.yaml!, 'uploaded scenario').name
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err
      throw new ApiError({
        status: 400,
        code: 'VALIDATION',
        message: err.message,
        param: 'yaml',
        data: { line: err.line, column: err.column, path: err.path, reason: err.reason },
      })
    }
    updateMerchant(rt.db, merchantId, { scenario_name: name, scenario_yaml: choice.yaml!, ...(choice.seed !== undefined && { seed: choice.seed }) })
  }
  return viewScenario(rt, merchantId)
}
