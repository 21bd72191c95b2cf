// Scenario patterns run on RE2 (re2js), whose matching time is linear in the input for every
// pattern: no pattern a tenant uploads can backtrack and stall the event loop for the other
// merchants. RE2 has no backreferences or lookaround; such a pattern is refused when the
// scenario loads. Patterns ignore case.
import { RE2JS } from 're2js'

/** [sandbox] Longest pattern source accepted: compiling stays cheap. */
const MAX_PATTERN_LENGTH = 1_000
/** [sandbox] A pattern sees at most this many leading characters of a value. */
const MAX_MATCHED_CHARS = 4_096

function compilePattern(source: string): RE2JS {
  return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE)
}

/** Why `source` cannot be a scenario pattern, or undefined when it can. */
export function patternProblem(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`
  try {
    compilePattern(source)
    return undefined
  } catch (err) {
    // RE2's own words, e.g. "invalid or unsupported Perl syntax: `(?=`" for a lookahead.
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err)
    return `not a pattern this sandbox can run (RE2 syntax: no backreferences or lookaround): ${reason}`
  }
}

/** Compiled once per pattern object, and dropped with the scenario that holds it. */
const compiled = new WeakMap<{ pattern: string }, RE2JS>()

export function patternMatches(condition: { pattern: string }, value: string): boolean {
  let regex = compiled.get(condition)
  if (!regex) compiled.set(condition, (regex = compilePattern(condition.pattern)))
  return regex.test(value.length > MAX_MATCHED_CHARS ? value.slice(0, MAX_MATCHED_CHARS) : value)
}
