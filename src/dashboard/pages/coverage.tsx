/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The merchant's coverage, as GET /sandbox/coverage reports it: what was never reached first, in
// words, then each kind with every item's count.
import type { CoverageKind } from '../../coverage/report.js'
import { coverageReport } from '../../coverage/service.js'
import type { MerchantRow } from '../../db/schema.js'
import type { Runtime } from '../../runtime.js'
import { Badge, Empty, Mono, Section, TableFrame } from '../ui.js'

function KindTable(props: { kind: CoverageKind }) {
  const { kind } = props
  const uncovered = kind.items.filter((item) => item.required && item.hits === 0).length
  // One scenario's rules, the payout's statuses: the heading says whose, the rows need not.
  const groups = new Set(kind.items.map((item) => item.group))
  return (
    <Section title={groups.size === 1 && kind.items[0]?.group ? `${kind.title}: ${kind.items[0].group}` : kind.title} aside={uncovered === 0 ? <Badge kind="ok">covered</Badge> : <Badge kind="bad">{uncovered} never reached</Badge>}>
      <TableFrame label={kind.title}>
        <table class="table compact coverage">
          <thead>
            <tr>
              <th>Item</th>
              <th class="num">Hits</th>
              <th>Required</th>
            </tr>
          </thead>
          <tbody>
            {kind.items.map((item) => (
              <tr>
                <td>
                  {groups.size > 1 && item.group ? <span class="muted small">{item.group} </span> : null}
                  <Mono>{item.name}</Mono>
                </td>
                <td class="num">{String(item.hits)}</td>
                <td>{!item.required ? <span class="muted">no</span> : item.hits > 0 ? <Badge kind="ok">reached</Badge> : <Badge kind="bad">never</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </Section>
  )
}

export function CoveragePage(props: { rt: Runtime; merchant: MerchantRow }) {
  const report = coverageReport(props.rt, props.merchant)
  return (
    <>
      <div class="page-head">
        <h1>Coverage</h1>
        <p class="muted lead">
          What this merchant's payouts, webhooks and API requests went through, against what scenario <a href="/scenario">{report.scenarios.join(', ')}</a> can make
          happen. The same report as <Mono>GET /sandbox/coverage</Mono>; <Mono>ivy-sandbox coverage --require rules,failureCodes</Mono> makes it a CI gate.
        </p>
      </div>
      <Section title="Never reached" aside={report.covered ? <Badge kind="ok">all covered</Badge> : <Badge kind="bad">{report.uncovered.length}</Badge>}>
        {report.covered ? (
          <Empty>Everything the scenario can produce has happened at least once.</Empty>
        ) : (
          <ul class="uncovered">
            {report.uncovered.map((item) => (
              <li>{item.message}</li>
            ))}
          </ul>
        )}
      </Section>
      {report.kinds.map((kind) => (
        <KindTable kind={kind} />
      ))}
    </>
  )
}
