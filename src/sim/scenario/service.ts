// Choosing a merchant's scenario: a shipped one by name, or uploaded YAML, validated whole
// before anything changes. Uploaded YAML is stored once per content (repo.ts).
import { ApiError } from '../../http/errors.js'
import { updateMerchant } from '../../merchants/repo.js'
import { requireMerchant } from '../../merchants/service.js'
import type { Runtime } from '../../runtime.js'
import type { ScenarioView } from '../schemas.js'
import { ScenarioError, type Scenario } from './load.js'
import { dropUnusedScenario, storeUploadedScenario } from './repo.js'

export function viewScenario(rt: Runtime, merchantId: string): ScenarioView {
  const merchant = requireMerchant(rt, merchantId)
  const scenario = rt.scenarios.forMerchant(merchant)
  return {
    name: scenario.name,
    source: merchant.scenario_id === null ? 'shipped' : 'uploaded',
    seed: merchant.seed ?? scenario.seed,
    description: scenario.description ?? null,
    rules: scenario.rules.map((r) => r.name),
    yaml: scenario.yaml,
    shipped: rt.scenarios.names(),
  }
}

export function setScenario(rt: Runtime, merchantId: string, choice: { name?: string; yaml?: string; seed?: number | null }): ScenarioView {
  if ((choice.name === undefined) === (choice.yaml === undefined)) throw ApiError.validation('give exactly one of "name" and "yaml"', 'name')
  if (choice.name !== undefined && !rt.scenarios.get(choice.name)) {
    throw ApiError.validation(`unknown scenario "${choice.name}"; shipped: ${rt.scenarios.names().join(', ')}`, 'name')
  }
  const upload = choice.yaml === undefined ? undefined : parseUpload(rt, choice.yaml)
  rt.db.tx(() => {
    const previous = requireMerchant(rt, merchantId).scenario_id
    if (upload) {
      const { yaml, ...validated } = upload.scenario
      storeUploadedScenario(rt.db, upload.id, yaml, JSON.stringify(validated))
    }
    updateMerchant(rt.db, merchantId, {
      scenario_name: upload?.scenario.name ?? choice.name!,
      scenario_id: upload?.id ?? null,
      ...(choice.seed !== undefined && { seed: choice.seed }),
    })
    if (previous !== upload?.id) dropUnusedScenario(rt.db, previous)
  })
  return viewScenario(rt, merchantId)
}

function parseUpload(rt: Runtime, yaml: string): { id: string; scenario: Scenario } {
  try {
    return rt.scenarios.parseUpload(yaml)
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
}
