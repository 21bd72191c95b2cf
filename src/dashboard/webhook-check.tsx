/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The webhooks page's handler check: a form (URL, optional secret) and the report of the last
// check. A check writes nothing to the database, so the action keeps its report in memory, per
// runtime and merchant, for the page it redirects back to; a restart forgets it.
import type { Runtime } from '../runtime.js'
import type { WebhookCheckReport } from '../webhooks/check-report.js'
import { ActionForm, Badge, Mono, Section, TableFrame } from './ui.js'

interface LastCheck {
  url: string
  report: WebhookCheckReport
}

const lastChecks = new WeakMap<Runtime, Map<string, LastCheck>>()

export function rememberCheck(rt: Runtime, merchantId: string, check: LastCheck): void {
  let byMerchant = lastChecks.get(rt)
  if (!byMerchant) lastChecks.set(rt, (byMerchant = new Map()))
  byMerchant.set(merchantId, check)
}

export function WebhookCheckSection(props: { rt: Runtime; merchantId: string }) {
  const last = lastChecks.get(props.rt)?.get(props.merchantId)
  return (
    <Section title="Check a webhook handler" id="check">
      <p class="muted small">
        Sends your handler signed events (each must be answered exactly 200), a re-spaced body, a duplicate, events out of order, an unknown type, and three
        forgeries (each must be refused), one after another, each within {props.rt.webhookTimeoutMs / 1000} s. Nothing is recorded and no subscription is
        needed.
      </p>
      <ActionForm action="/dashboard/webhooks/check" class="inline-form">
        <input type="url" name="url" value={last?.url ?? ''} placeholder="http://localhost:3000/webhooks/ivy" aria-label="Handler URL" required />
        <input type="text" name="secret" placeholder="secret (default: this merchant's)" aria-label="Signing secret" autocomplete="off" />
        <button type="submit" class="button">
          Check
        </button>
      </ActionForm>
      {last && (
        <>
          <p class="below">
            {last.report.passed ? <Badge kind="ok">passed</Badge> : <Badge kind="bad">failed</Badge>} <Mono>{last.url}</Mono>:{' '}
            {last.report.cases.filter((c) => c.passed).length} of {last.report.cases.length} cases passed
          </p>
          <TableFrame label="Webhook check report">
            <table class="table compact">
              <thead>
                <tr>
                  <th>Case</th>
                  <th>Result</th>
                  <th>Expected</th>
                  <th>Observed</th>
                  <th class="num">ms</th>
                  <th>Advice</th>
                </tr>
              </thead>
              <tbody>
                {last.report.cases.map((c) => (
                  <tr>
                    <td>{c.name}</td>
                    <td>{c.passed ? <Badge kind="ok">pass</Badge> : <Badge kind="bad">fail</Badge>}</td>
                    <td class="small">{c.expected}</td>
                    <td class="small">{c.observed}</td>
                    <td class="num">{c.latencyMs}</td>
                    <td class="small">{c.advice ?? <span class="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        </>
      )}
    </Section>
  )
}
