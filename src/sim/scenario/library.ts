// The scenarios of one sandbox: the shipped files, and the uploaded YAML its merchants run.
// An uploaded scenario is stored once per content (its SHA-256) in the database, and parsed
// once into a cache that every sandbox in the process shares: the same text always parses to
// the same scenario. The cache is bounded, least recently used first out, so uploading
// thousands of distinct scenarios keeps memory flat; a scenario pushed out is read back from its
// stored validated form (JSON, milliseconds where a large YAML takes a good part of a second to
// parse) when a merchant next needs it.
import { createHash } from 'node:crypto'
import type { Db } from '../../db/database.js'
import type { MerchantRow } from '../../db/schema.js'
import { parseScenario, type Scenario, type ShippedScenarios } from './load.js'
import { findUploadedScenario } from './repo.js'
import type { ScenarioFile } from './schema.js'

/** [sandbox] Parsed uploaded scenarios kept in memory: at most this many, and this much YAML. */
export const PARSED_CACHE_LIMITS = { entries: 200, yamlChars: 4 * 1024 * 1024 } as const

class ParsedScenarios {
  private readonly byId = new Map<string, Scenario>()
  private yamlChars = 0

  get(id: string): Scenario | undefined {
    const scenario = this.byId.get(id)
    if (scenario) {
      // Map keeps insertion order: re-inserting marks it the most recently used.
      this.byId.delete(id)
      this.byId.set(id, scenario)
    }
    return scenario
  }

  add(id: string, scenario: Scenario): void {
    if (this.byId.has(id)) return
    this.byId.set(id, scenario)
    this.yamlChars += scenario.yaml.length
    while (this.byId.size > PARSED_CACHE_LIMITS.entries || (this.yamlChars > PARSED_CACHE_LIMITS.yamlChars && this.byId.size > 1)) {
      const [oldest, dropped] = this.byId.entries().next().value!
      this.byId.delete(oldest)
      this.yamlChars -= dropped.yaml.length
    }
  }
}

const parsed = new ParsedScenarios()

const scenarioId = (yaml: string) => createHash('sha256').update(yaml).digest('hex')

export class ScenarioLibrary {
  constructor(
    private readonly shipped: ShippedScenarios,
    private readonly db: Db,
  ) {}

  names(): string[] {
    return this.shipped.names()
  }

  get(name: string): Scenario | undefined {
    return this.shipped.get(name)
  }

  /** Reads and validates every shipped file now; throws on the first broken or misnamed one. */
  checkShipped(): void {
    this.shipped.checkAll()
  }

  /** An uploaded YAML's id and scenario, parsed unless known; throws ScenarioError when invalid. */
  parseUpload(yaml: string): { id: string; scenario: Scenario } {
    const id = scenarioId(yaml)
    let scenario = parsed.get(id)
    if (!scenario) parsed.add(id, (scenario = parseScenario(yaml, 'uploaded scenario')))
    return { id, scenario }
  }

  /** The scenario a merchant runs: its uploaded one if it has one, else the shipped file. */
  forMerchant(merchant: Pick<MerchantRow, 'scenario_name' | 'scenario_id'>): Scenario {
    if (merchant.scenario_id === null) {
      const shipped = this.shipped.get(merchant.scenario_name)
      if (!shipped) throw new Error(`scenario "${merchant.scenario_name}" is not shipped with this sandbox`)
      return shipped
    }
    const cached = parsed.get(merchant.scenario_id)
    if (cached) return cached
    const stored = findUploadedScenario(this.db, merchant.scenario_id)
    if (!stored) throw new Error(`uploaded scenario ${merchant.scenario_id} is missing from the database`)
    if (stored.scenario === null) return this.parseUpload(stored.yaml).scenario
    const scenario: Scenario = { ...(JSON.parse(stored.scenario) as ScenarioFile), yaml: stored.yaml }
    parsed.add(merchant.scenario_id, scenario)
    return scenario
  }
}
