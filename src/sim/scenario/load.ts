// Reading scenario files: YAML parsed with positions, validated with zod, refused whole with the
// file, line, column and path of the first problem. The shipped files in scenarios/ are loaded
// once; uploaded ones are parsed the same way (library.ts keeps them).
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { LineCounter, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import yamlPackage from 'yaml/package.json' with { type: 'json' }
import { cacheKey, readCache, writeCache } from '../../lib/disk-cache.js'
import { prototypeKeyPath } from '../../lib/json.js'
import { SCENARIOS_DIR } from '../../package-files.js'
import { ScenarioFile } from './schema.js'

const YAML_VERSION = yamlPackage.version
/** How every scenario text is read: duplicate keys refused, merge keys (`<<`) honoured. */
const YAML_OPTIONS = { uniqueKeys: true, merge: true } as const

/** Deeper than any valid scenario nests; what is deeper fails validation anyway. */
const MAX_SCENARIO_DEPTH = 32

export interface Scenario extends ScenarioFile {
  /** The YAML it was read from, shown by GET /sandbox/scenario. */
  yaml: string
}

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${source}:${line}:${column}: ${path ? `${path}: ` : ''}${reason}`)
  }
}

/**
 * The data of a YAML text, from the disk cache when this text was read before (keyed by the
 * text and the parser's version), or undefined when it does not parse: the caller then takes
 * the slow path, which has the positions an error needs.
 */
function cachedData(yaml: string): unknown {
  const key = cacheKey('scenario-yaml', YAML_VERSION, yaml)
  const cached = readCache(key)
  if (cached) {
    try {
      return JSON.parse(cached.toString('utf8'))
    } catch {
      // A damaged entry is read again from the text, and written anew.
    }
  }
  const doc = parseDocument(yaml, YAML_OPTIONS)
  if (doc.errors.length > 0) return undefined
  try {
    const data = toPlainData(doc, '')
    writeCache(key, JSON.stringify(data))
    return data
  } catch {
    return undefined
  }
}

/** A shipped file that was valid when last read is checked again from its cached data. */
function parseKnownScenario(yaml: string, source: string): Scenario {
  const data = cachedData(yaml)
  const result = data === undefined || prototypeKeyPath(data, MAX_SCENARIO_DEPTH) ? undefined : ScenarioFile.safeParse(data)
  return result?.success ? { ...result.data, yaml } : parseScenario(yaml, source)
}

export function parseScenario(yaml: string, source: string): Scenario {
  const lineCounter = new LineCounter()
  const doc = parseDocument(yaml, { ...YAML_OPTIONS, lineCounter, prettyErrors: false })
  const syntaxError = doc.errors[0]
  if (syntaxError) {
    const pos = lineCounter.linePos(syntaxError.pos[0])
    throw new ScenarioError(source, pos.line, pos.col, '', syntaxError.message.split('\n')[0]!)
  }
  const data = toPlainData(doc, source) ?? {}
  // Validation would drop such a key silently (a metadata condition on it would hold for all).
  const prototypeKey = prototypeKeyPath(data, MAX_SCENARIO_DEPTH)
  if (prototypeKey) {
    const pos = lineCounter.linePos(offsetOf(doc, prototypeKey))
    throw new ScenarioError(source, pos.line, pos.col, prototypeKey.join('.'), `"${prototypeKey.at(-1)}" is not accepted as a key`)
  }
  const result = ScenarioFile.safeParse(data)
  if (!result.success) {
    const issue = mostSpecific(result.error.issues[0]!)
    const path = issue.path.map(String)
    const pos = lineCounter.linePos(offsetOf(doc, issue.path as Array<string | number>))
    throw new ScenarioError(source, pos.line, pos.col, path.join('.'), issue.message)
  }
  return { ...result.data, yaml }
}

/**
 * Resolving aliases and merge keys can still fail after a clean parse (an alias bomb, a merge of
 * a scalar); the library does not say where, so the file is refused at its start.
 */
function toPlainData(doc: Document, source: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 })
  } catch (err) {
    throw new ScenarioError(source, 1, 1, '', err instanceof Error ? err.message : String(err))
  }
}

/**
 * A key the schema does not know is reported at the key itself, not at the object holding it.
 * A union ("a duration or {uniform}..." , "one block or a list") reports only that nothing
 * matched; the branch that got furthest says what is actually wrong.
 */
function mostSpecific(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code === 'unrecognized_keys') return { path: [...issue.path, issue.keys[0]!], message: issue.message }
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue
  const candidates = issue.errors.map((branch) => branch[0]).filter((i): i is z.core.$ZodIssue => i !== undefined)
  const furthest = candidates.reduce((best, i) => (i.path.length > best.path.length ? i : best), candidates[0]!)
  if (furthest.path.length === 0 && issue.message !== 'Invalid input') return issue
  const inner = mostSpecific(furthest)
  return { path: [...issue.path, ...inner.path], message: inner.message }
}

/** Where the node at `path` starts, or its nearest existing ancestor when the key is missing. */
function offsetOf(doc: Document, path: Array<string | number>): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) return node.range[0] as number
  }
  return 0
}

export function readScenarioFile(file: string): Scenario {
  return parseKnownScenario(readFileSync(file, 'utf8'), file)
}

/**
 * The shipped scenarios by name (a file's name is its scenario's). Each is read and validated
 * when first asked for, so a sandbox that runs only `default` does not pay for the others;
 * `serve` checks them all at start (`checkAll`), so a broken file still stops it there.
 */
export class ShippedScenarios {
  private readonly files = new Map<string, string>()
  private readonly byName = new Map<string, Scenario>()

  constructor(dir = SCENARIOS_DIR) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) this.files.set(basename(file, '.yaml'), join(dir, file))
  }

  names(): string[] {
    return [...this.files.keys()]
  }

  get(name: string): Scenario | undefined {
    const known = this.byName.get(name)
    if (known) return known
    const file = this.files.get(name)
    if (file === undefined) return undefined
    const scenario = readScenarioFile(file)
    if (scenario.name !== name) throw new Error(`${basename(file)}: the scenario's name is "${scenario.name}"; name the file ${scenario.name}.yaml`)
    this.byName.set(name, scenario)
    return scenario
  }

  checkAll(): void {
    for (const name of this.names()) this.get(name)
  }
}
