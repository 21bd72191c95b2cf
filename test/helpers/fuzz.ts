// Generators for the fuzz suite (test/security/fuzz.test.ts), on fast-check: request bodies
// shaped by a route's OpenAPI schema (valid-ish values, then one hostile mutation), arbitrary
// JSON, raw bodies JSON.parse refuses or reads oddly, hostile path segments, query strings and
// header values. Everything is drawn from fast-check, so a seed reproduces a run exactly.
import fc from 'fast-check'

// Hostile values ------------------------------------------------------------------------------

/** An object whose own keys are names every object has (`__proto__`, `constructor`, `toString`), as JSON.parse makes them (an object literal would set the prototype instead). */
const protoKeys = () => JSON.parse('{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}},"toString":"x","hasOwnProperty":1}')

function nested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value }
  return value
}

/**
 * A number JSON.stringify cannot write (1e400 parses to Infinity, -0 to -0): stands in the value
 * as this marker string and is spliced into the text by `toJsonText`.
 */
const RAW = '@@raw-number:'
const rawNumber = (literal: string) => `${RAW}${literal}`
const RAW_NUMBERS = ['1e400', '-1e400', '-0', '1E-400', '0.1e1', '100000000000000000000000000000', '1.0000000000000001', '0.000000000000000000001', '-0.0']

export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1')
}

export const HOSTILE_STRINGS = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '0x10',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '\ud800',
  'lone \udfff surrogate',
  'a\u0000b',
  '\u202erevo',
  'ðŸ’¸ Ã©Ã¨',
  '💸'.repeat(500),
  'x'.repeat(100_000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%',
  '%00',
  '%E0%A4%A',
  '../../../../etc/passwd',
  '\\\\?\\C:\\',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '\r\nSet-Cookie: x=1',
]

/** Any JSON value a field should not get: edge numbers, hostile strings, deep or huge structures, prototype keys. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 0.1 + 0.2, 1.005, 999_999_999.999, 1e21, 123_456_789_012.34),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...RAW_NUMBERS.map(rawNumber)),
    fc.constantFrom<unknown>([], {}, [null], nested(40), nested(2_000), new Array(10_000).fill(0), new Array(20_000).fill('xxxxxxxx')),
    fc.constant(null).map(protoKeys),
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  )
}

/**
 * Wrong values for a field that takes one of a list: an enum's value is often a key into a table,
 * where the names every object has ("constructor", "__proto__") or an object with its own
 * `toString` turn into something else than a miss.
 */
function notInEnum(values: unknown[]): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>('nope', String(values[0]).toLowerCase(), ` ${values[0]}`, 'constructor', '__proto__', 'toString', 'hasOwnProperty', [values[0]], { toString: 'x' }, protoKeys(), null, 1)
}

/** How many values a body of this schema holds at most (a rough count, to give richer bodies more runs). */
export function schemaSize(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): number {
  if (!schema || depth > MAX_SCHEMA_DEPTH) return 0
  const s = resolve(doc, schema)
  const parts: Schema[] = [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...Object.values<Schema>(s.properties ?? {}), ...(s.items ? [s.items] : [])]
  return 1 + parts.reduce((sum, part) => sum + schemaSize(doc, part, depth + 1), 0)
}

// Values by name ------------------------------------------------------------------------------

/** Values a field of this name should often get (known ids, URLs, durations...), beyond what its schema says. */
export type Hints = Record<string, readonly unknown[]>

// Schema-shaped values --------------------------------------------------------------------------

type Schema = Record<string, any>
export interface OpenApiDoc {
  paths: Record<string, Record<string, any>>
  components: { schemas: Record<string, Schema> }
}

const MAX_SCHEMA_DEPTH = 8
const ABSENT = Symbol('absent')

function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let s = schema
  for (let i = 0; s.$ref && i < 10; i++) s = doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')]!
  return s
}

/** Valid-ish values for `schema`: mostly what it allows (and what `hints` suggests by field name), now and then just outside its bounds. */
export function fromSchema(doc: OpenApiDoc, schema: Schema, hints: Hints, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema)
  if (depth > MAX_SCHEMA_DEPTH) return fc.constant(null)
  const hinted = name && hints[name] ? [fc.constantFrom(...hints[name]!)] : []
  const withHint = (arb: fc.Arbitrary<unknown>) => (hinted.length ? fc.oneof({ arbitrary: hinted[0]!, weight: 3 }, { arbitrary: arb, weight: 1 }) : arb)

  if (s.allOf) {
    const parts = (s.allOf as Schema[]).map((part) => resolve(doc, part))
    return fromSchema(doc, parts.find((p) => p.properties) ?? parts[0]!, hints, name, depth + 1)
  }
  if (s.anyOf || s.oneOf) return withHint(fc.oneof(...((s.anyOf ?? s.oneOf) as Schema[]).map((part) => fromSchema(doc, part, hints, name, depth + 1))))
  if (s.enum) return withHint(fc.oneof({ arbitrary: fc.constantFrom(...(s.enum as unknown[])), weight: 5 }, { arbitrary: notInEnum(s.enum), weight: 1 }))
  if ('const' in s) return fc.constant(s.const)
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : []
  if (types.length === 0) return withHint(fc.jsonValue({ maxDepth: 2 }))
  if (types.length > 1) return fc.oneof(...types.map((type) => fromSchema(doc, { ...s, type }, hints, name, depth)))

  switch (types[0]) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return withHint(fc.boolean())
    case 'integer':
    case 'number': {
      const min = s.minimum ?? s.exclusiveMinimum ?? -1_000_000
      const max = s.maximum ?? s.exclusiveMaximum ?? 1_000_000
      const inRange = types[0] === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31)) }) : fc.double({ min, max, noNaN: true }).map((x) => Math.round(x * 100) / 100)
      const edges = fc.constantFrom(min, max, min - 1, max + 1, min - 0.001, max + 0.001, ...(s.example !== undefined ? [s.example] : []))
      return withHint(fc.oneof({ arbitrary: inRange, weight: 3 }, { arbitrary: edges, weight: 1 }))
    }
    case 'string': {
      const fitting: Array<fc.Arbitrary<unknown>> = []
      if (s.example !== undefined) fitting.push(fc.constant(s.example))
      if (s.pattern) fitting.push(fc.stringMatching(new RegExp(s.pattern)))
      const loose = [fc.string({ maxLength: Math.min(s.maxLength ?? 30, 30) }), fc.constant('x'.repeat((s.maxLength ?? 1_000) + 1))]
      return withHint(fitting.length ? fc.oneof({ arbitrary: fc.oneof(...fitting), weight: 3 }, { arbitrary: fc.oneof(...loose), weight: 1 }) : fc.oneof(...loose))
    }
    case 'array': {
      const item = s.items ? fromSchema(doc, s.items, hints, name, depth + 1) : fc.jsonValue({ maxDepth: 1 })
      return withHint(fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, 4) }))
    }
    case 'object': {
      const properties = Object.entries((s.properties ?? {}) as Record<string, Schema>)
      const required: string[] = s.required ?? []
      // An optional field is sent one time in three, so that requests with all of them valid are not rare.
      const fields = properties.map(([key, sub]) => {
        const value = fromSchema(doc, sub, hints, key, depth + 1)
        return required.includes(key) ? value : fc.oneof({ arbitrary: fc.constant(ABSENT), weight: 2 }, { arbitrary: value, weight: 1 })
      })
      const extra = s.additionalProperties ? fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) : fc.constant({})
      return withHint(
        fc.tuple(extra, ...fields).map(([more, ...values]) => ({ ...more, ...Object.fromEntries(properties.map(([key], i) => [key, values[i]]).filter(([, v]) => v !== ABSENT)) })),
      )
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

// One mutation of a valid-ish value ---------------------------------------------------------------

type Mutation = 'replace' | 'delete' | 'unknown-key' | 'proto-key' | 'wrap'

function pathsOf(value: unknown, prefix: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
  out.push(prefix)
  if (value !== null && typeof value === 'object' && prefix.length < 6) {
    for (const [key, child] of Object.entries(value).slice(0, 20)) pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key], out)
  }
  return out
}

const define = (target: object, key: PropertyKey, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

function mutate(original: unknown, pick: number, mutation: Mutation, hostile: unknown): unknown {
  const value = original === undefined ? undefined : JSON.parse(JSON.stringify(original))
  const paths = pathsOf(value)
  const path = paths[pick % paths.length]!
  if (path.length === 0) return mutation === 'wrap' ? [value] : hostile
  let parent: any = value
  for (const key of path.slice(0, -1)) parent = parent[key]
  const last = path[path.length - 1]!
  switch (mutation) {
    case 'replace':
      define(parent, last, hostile)
      break
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1)
      else delete parent[last]
      break
    case 'wrap':
      define(parent, last, [parent[last]])
      break
    case 'unknown-key':
    case 'proto-key': {
      const target = parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last]) ? parent[last] : parent
      if (Array.isArray(target)) break
      if (mutation === 'unknown-key') define(target, 'unexpectedField', hostile)
      else for (const [k, v] of Object.entries(protoKeys())) define(target, k, v)
      break
    }
  }
  return value
}

/** A valid-ish value with exactly one hostile change somewhere in it. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom<Mutation>('replace', 'replace', 'replace', 'delete', 'unknown-key', 'proto-key', 'wrap'), hostileValue())
    .map(([value, pick, mutation, hostile]) => mutate(value, pick, mutation, hostile))
}

// Raw bodies ----------------------------------------------------------------------------------------

export const JSON_TYPE = 'application/json'

/** A body as bytes on the wire and the Content-Type it is sent with (undefined: none). */
export interface RawBody {
  text: string
  contentType: string | undefined
}

const OVER_ONE_MIB = 1024 * 1024 + 16

export function oddBody(): fc.Arbitrary<RawBody> {
  const texts = fc.constantFrom(
    '',
    ' \n ',
    'not json',
    '{',
    '{"a":',
    '[1,2',
    'null',
    '"text"',
    '123',
    'true',
    '[]',
    '{"a":1}{"b":2}',
    '\ufeff{}',
    '{"id":"a","id":"b"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"amount":1e400,"currency":"EUR"}',
    '{"a":"\\ud800"}',
    '{"\\udc00":1}',
    '{"a":"\\u0000"}',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
    `{"a":"${'x'.repeat(OVER_ONE_MIB)}"}`,
  )
  const types = fc.constantFrom<string | undefined>(
    JSON_TYPE,
    JSON_TYPE,
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/vnd.api+json',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data',
    'application/xml',
    'garbage',
    undefined,
  )
  return fc.record({ text: texts, contentType: types })
}

// URLs -----------------------------------------------------------------------------------------------

/** Path segments that try to escape, confuse or overflow the router (sent as written, already URL-encoded). */
export const HOSTILE_SEGMENTS = ['%2F', '..%2F..%2Fapi', '%2e%2e', '..', '.', '%00', '%', '%E0%A4%A', '%F0%9F%92%B8', 'a'.repeat(10_000), '%20', '~', "'", '%22%3E%3Cscript%3E', 'null', 'undefined', '__proto__', 'constructor']

export function segment(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...known).map(encodeURIComponent), weight: 4 },
    { arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent), weight: 1 },
  )
}

/** Query strings: the list parameters in and out of range, repeated, garbled, plus unknown ones. */
export function queryString(names: readonly string[]): fc.Arbitrary<string> {
  const value = fc.oneof(
    fc.constantFrom('', '0', '1', '-1', '20', '99', '100', '101', '1.5', '1e3', '1e400', 'abc', 'NaN', 'Infinity', '9'.repeat(400), 'null', '%00', '%', 'true'),
    fc.nat().map(String),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
  )
  const pair = fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...names, 'limit', 'skip'), weight: 4 }, { arbitrary: fc.constantFrom('x', '__proto__', 'limit[]', 'skip[a]', ''), weight: 1 }), value)
  return fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}` : ''))
}

/** Idempotency-Key header values (header values must stay latin-1 for fetch). */
export function idempotencyKey(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.constantFrom('fixed-key-1', 'fixed-key-1', 'fixed-key-2', '', ' ', 'k'.repeat(10_000), 'Ã©Ã¨', 'null'), weight: 2 },
    { arbitrary: fc.uuid(), weight: 2 },
  )
}
