// A benchmark's outcome against its target, for the summary printed at the end of the run.
import { table } from './stats.js'

export interface Verdict {
  part: string
  target: string
  measured: string
  pass: boolean
}

export function summary(verdicts: readonly Verdict[]): string {
  return table([['part', 'target', 'measured', 'result'], ...verdicts.map((v) => [v.part, v.target, v.measured, v.pass ? 'PASS' : 'MISS'])])
}
