// The coverage report as the command line prints it: one row per item, then what is uncovered.
import { textTable } from '../lib/text-table.js'
import type { CoverageReport } from './report.js'

const HITS_COLUMN = new Set([3])

export function coverageTable(report: CoverageReport): string {
  const rows = report.kinds.flatMap(({ kind, items }) =>
    items.map((item) => [kind, item.name, item.group ?? '', String(item.hits), item.required ? (item.hits > 0 ? 'covered' : 'UNCOVERED') : 'not required']),
  )
  const required = report.kinds.flatMap((k) => k.items).filter((item) => item.required).length
  const who = report.scope === 'all' ? `${report.merchants} merchants added up` : 'the merchant'
  return [
    ...textTable([['kind', 'item', 'group', 'hits', 'state'], ...rows], HITS_COLUMN),
    '',
    `${required - report.uncovered.length} of ${required} required items covered (${who}; scenario ${report.scenarios.join(', ') || 'none'})`,
    ...report.uncovered.map((u) => `  ${u.message}`),
  ].join('\n')
}
