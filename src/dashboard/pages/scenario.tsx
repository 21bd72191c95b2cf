/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The merchant's scenario rendered for reading (rules in order, what each matches and the
// timeline it leads to, the default outcome, payee answers, webhook chaos) and the shipped
// scenarios to switch to.
import type { Child } from 'hono/jsx'
import type { MerchantRow } from '../../db/schema.js'
import type { Runtime } from '../../runtime.js'
import type { Conditions, Delay, Outcome, Step } from '../../sim/scenario/schema.js'
import { viewScenario } from '../../sim/scenario/service.js'
import { percent, words } from '../format.js'
import { ActionForm, Badge, Fields, Mono, Section, TableFrame } from '../ui.js'

function describeDelay(delay: Delay): string {
  if (typeof delay === 'string') return delay
  if ('uniform' in delay) return `${delay.uniform.min}–${delay.uniform.max}`
  if ('lognormal' in delay) {
    const { median, sigma, max } = delay.lognormal
    return `~${median} (σ ${sigma}${max ? `, at most ${max}` : ''})`
  }
  if ('whenOpen' in delay) return `${describeDelay(delay.whenOpen)} once the rail is open`
  return `${delay.businessDays} business day${delay.businessDays === 1 ? '' : 's'}${delay.at ? ` at ${delay.at} UTC` : ''} on the rail's calendar`
}

/** A condition's value: a list is any of them, {pattern} a regular expression, {min,max} a range. */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(' or ')
  if (value !== null && typeof value === 'object') {
    const v = value as Record<string, unknown>
    if ('pattern' in v) return `/${String(v.pattern)}/`
    if ('min' in v || 'max' in v) return [v.min !== undefined && `≥ ${v.min}`, v.max !== undefined && `≤ ${v.max}`].filter(Boolean).join(' and ')
    return Object.entries(v)
      .map(([key, inner]) => `${key} = ${describeValue(inner)}`)
      .join(', ')
  }
  return String(value)
}

function When(props: { when: Conditions | Conditions[] }) {
  const blocks = Array.isArray(props.when) ? props.when : [props.when]
  return (
    <div class="when">
      {blocks.map((block, i) => (
        <div>
          {i > 0 ? <span class="muted small">or </span> : null}
          {Object.entries(block).map(([key, value]) => (
            <span class="chip">
              {key} <strong>{describeValue(value)}</strong>
            </span>
          ))}
        </div>
      ))}
    </div>
  )
}

function Steps(props: { steps: Step[] }) {
  return (
    <ol class="steps">
      {props.steps.map((step) => (
        <li>
          <span class="muted">after {describeDelay(step.after)}</span> <Badge kind={step.status === 'returned' ? 'failed' : step.status}>{words(step.status)}</Badge>
          {step.failure ? <Mono>{step.failure}</Mono> : null}
          {step.reason ? <Badge kind="code">{step.reason}</Badge> : null}
        </li>
      ))}
    </ol>
  )
}

function Then(props: { outcome: Outcome }) {
  const { outcome } = props
  if ('steps' in outcome) return <Steps steps={outcome.steps} />
  const total = outcome.branches.reduce((sum, b) => sum + b.weight, 0)
  return (
    <table class="branches">
      {outcome.branches.map((branch) => (
        <tr>
          <td class="num nowrap">{percent(branch.weight / total)}</td>
          <td class="nowrap">{branch.name ?? ''}</td>
          <td>
            <Steps steps={branch.steps} />
          </td>
        </tr>
      ))}
    </table>
  )
}

/** YAML the editor sent that was refused: shown again as typed, with where the error is. */
export interface ScenarioDraft {
  yaml: string
  message: string
  at?: { line: number; column: number }
}

/** The lines around the error, numbered, the bad one marked with a caret under its column. */
function ErrorExcerpt(props: { yaml: string; line: number; column: number }) {
  const lines = props.yaml.split('\n')
  const first = Math.max(1, props.line - 2)
  const last = Math.min(lines.length, props.line + 2)
  const width = String(last).length
  const numbered = (n: number) => `${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`
  return (
    <pre class="code inline yaml-error" aria-label={`Line ${props.line}, column ${props.column}`}>
      {Array.from({ length: last - first + 1 }, (_, i) => first + i).map((n) =>
        n === props.line ? (
          <>
            <mark>{numbered(n)}</mark>
            {'\n' + ' '.repeat(width + 3 + props.column - 1) + '^\n'}
          </>
        ) : (
          numbered(n) + '\n'
        ),
      )}
    </pre>
  )
}

export function ScenarioPage(props: { rt: Runtime; merchant: MerchantRow; draft?: ScenarioDraft }) {
  const { rt, merchant, draft } = props
  const view = viewScenario(rt, merchant.id)
  const scenario = rt.scenarios.forMerchant(merchant)
  const payeeMix = Object.entries(scenario.payee.default) as Array<[string, number]>
  const payeeTotal = payeeMix.reduce((sum, [, weight]) => sum + weight, 0)
  return (
    <>
      <div class="page-head">
        <h1>
          Scenario <Mono>{view.name}</Mono> <Badge kind="code">{view.source}</Badge>
        </h1>
        {view.description ? <p class="muted lead">{view.description}</p> : null}
      </div>
      <Section title="Switch scenario" aside={<span class="muted small">applies to payouts created from now on</span>}>
        <div class="scenario-grid">
          {view.shipped.map((name) => (
            <ActionForm action="/dashboard/scenario" class={`scenario-option${name === view.name && view.source === 'shipped' ? ' active' : ''}`}>
              <input type="hidden" name="name" value={name} />
              <div>
                <strong>{name}</strong>
                <p class="small muted">{rt.scenarios.get(name)?.description}</p>
              </div>
              {name === view.name && view.source === 'shipped' ? (
                <Badge kind="ok">active</Badge>
              ) : (
                <button type="submit" class="button button-quiet">
                  Use {name}
                </button>
              )}
            </ActionForm>
          ))}
        </div>
      </Section>
      <Section title={`Rules (${scenario.rules.length})`} aside={<span class="muted small">the first rule that matches decides; seed {view.seed}</span>}>
        <TableFrame label="Scenario rules">
          <table class="table rules">
            <thead>
              <tr>
                <th>#</th>
                <th>Rule</th>
                <th>When</th>
                <th>Then</th>
              </tr>
            </thead>
            <tbody>
              {scenario.rules.map((rule, i) => (
                <tr>
                  <td class="muted">{i + 1}</td>
                  <td>
                    <Mono>{rule.name}</Mono>
                    {rule.description ? <div class="small muted">{rule.description}</div> : null}
                  </td>
                  <td>
                    <When when={rule.when} />
                  </td>
                  <td>
                    <Then outcome={rule.then} />
                  </td>
                </tr>
              ))}
              <tr>
                <td class="muted">—</td>
                <td>
                  <Mono>default</Mono>
                </td>
                <td class="muted">any payout no rule matched</td>
                <td>
                  <Then outcome={scenario.default} />
                </td>
              </tr>
            </tbody>
          </table>
        </TableFrame>
      </Section>
      <div class="columns">
        <Section title="Payee verification">
          <Fields
            rows={[
              ...scenario.payee.rules.map((rule): [string, Child] => [
                rule.name,
                <>
                  <When when={rule.when} /> → <strong>{words(rule.result)}</strong>
                  {rule.suggestedName ? ` (suggests “${rule.suggestedName}”)` : ''}
                </>,
              ]),
              ['otherwise', payeeMix.map(([result, weight]) => `${words(result)} ${percent(weight / payeeTotal)}`).join(', ')],
            ]}
          />
        </Section>
        <Section title="Webhook chaos">
          <Fields
            rows={[
              ['Duplicated', percent(scenario.webhooks.duplicate)],
              ['Reordered', percent(scenario.webhooks.reorder)],
              ['First attempt fails', percent(scenario.webhooks.failFirstAttempt)],
            ]}
          />
        </Section>
      </div>
      <details class="card raw">
        <summary>The scenario file (YAML)</summary>
        <pre class="code">{view.yaml}</pre>
      </details>
      <Section title="Use your own scenario" aside={<span class="muted small">as PUT /sandbox/scenario {'{ "yaml" }'}; the format is in the README</span>}>
        <ActionForm action="/dashboard/scenario/yaml" class="yaml-form">
          {draft?.at ? (
            <div class="yaml-problem" id="yaml-problem">
              <p>
                <strong>
                  Line {draft.at.line}, column {draft.at.column}:
                </strong>{' '}
                {draft.message.replace(/^[^:]*:\d+:\d+: /, '')}
              </p>
              <ErrorExcerpt yaml={draft.yaml} line={draft.at.line} column={draft.at.column} />
            </div>
          ) : null}
          <textarea
            name="yaml"
            rows={16}
            spellcheck={false}
            aria-label="Scenario YAML"
            aria-invalid={draft ? 'true' : undefined}
            aria-describedby={draft?.at ? 'yaml-problem' : undefined}
            data-error-line={draft?.at ? String(draft.at.line) : undefined}
            data-error-column={draft?.at ? String(draft.at.column) : undefined}
          >
            {draft ? draft.yaml : view.yaml}
          </textarea>
          <button type="submit" class="button">
            Use this scenario
          </button>
        </ActionForm>
      </Section>
    </>
  )
}
