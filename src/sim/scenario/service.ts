// Choosing a merchant's scenario: a shipped one by name, or uploaded YAML, validated whole
// before anything changes. Uploaded YAML is stored once per content (repo.ts).
import { Invalid } from '../../engine/errors.js'
import { updateMerchant } from '../../merchants/repo.js'
import { merchantContext, requireMerchant } from '../../engine/context.js'
import type { Runtime } from '../../runtime.js'
import type { ScenarioView } from '../schemas.js'
import { ScenarioError, type Scenario } from './load.js'
import { dropUnusedScenario, storeUploadedScenario } from './repo.js'

export function viewScenario(rt: Runtime, merchantId: string): ScenarioView {
  // Read fresh: a scenario just set is shown as it now is.
  const { merchant, scenario, seed } = merchantContext(rt, merchantId)
  return {
    name: scenario.name,
    source: merchant.scenario_id === null ? 'shipped' : 'uploaded',
    seed,
    description: scenario.description ?? null,
    rules: scenario.rules.map((r) => r.name),
    yaml: scenario.yaml,
    shipped: rt.scenarios.names(),
  }
}

export function setScenario(rt: Runtime, merchantId: string, choice: { name?: string; yaml?: string; seed?: number | null }): ScenarioView {
  if ((choice.name === undefined) === (choice.yaml === undefined)) throw new Invalid('give exactly one of "name" and "yaml"', 'name')
  if (choice.name !== undefined && !rt.scenarios.get(choice.name)) {
    throw new Invalid(`unknown scenario "${choice.name}"; shipped: ${rt.scenarios.names().join(', ')}`, 'name')
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
    throw new Invalid(err.message, 'yaml', { line: err.line, column: err.column, path: err.path, reason: err.reason })
  }
}
