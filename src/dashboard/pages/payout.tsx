/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// One payout: every field, the timeline of its transitions (who made each, the scenario rule,
// the failure and ISO reason codes) and the steps still scheduled, its webhook events with
// every attempt, and the sandbox tools that decide its outcome now.
import type { MerchantContext } from '../../engine/context.js'
import type { MerchantRow } from '../../db/schema.js'
import { payoutJournal } from '../../journal/repo.js'
import { formatDuration } from '../../lib/duration.js'
import { FAILURE_CODES, FAILURES } from '../../payouts/failures.js'
import { toPayout } from '../../payouts/render.js'
import { retrievePayout } from '../../payouts/service.js'
import type { Payout } from '../../payouts/schemas.js'
import { canTransition } from '../../payouts/states.js'
import { chooseRail } from '../../rails/registry.js'
import type { Runtime } from '../../runtime.js'
import { scheduledSteps } from '../../sim/jobs.js'
import { attemptsPage, eventsPage } from '../../webhooks/inspect.js'
import { listSubscriptions } from '../../webhooks/repo.js'
import { toSubscription } from '../../webhooks/subscriptions.js'
import { money, preciseTime, sandboxTime, words } from '../format.js'
import { ActionForm, Badge, Copyable, CopyButton, Empty, Fields, Mono, Section, StatusBadge, type Confirmation } from '../ui.js'
import { EventList } from '../webhook-views.js'

/** More than any one payout produces (three events, fifteen retries each). */
const MAX_LISTED = 500

const SOURCES: Record<string, string> = { api: 'API', simulator: 'simulator', sandbox: 'sandbox tool', fault: 'an API fault' }

function Timeline(props: { rt: Runtime; payoutId: string; createdAt: number }) {
  const entries = payoutJournal(props.rt.db, props.payoutId)
  const upcoming = scheduledSteps(props.rt.db, props.payoutId)
  const since = (at: number) => (at > props.createdAt ? `+${formatDuration(at - props.createdAt)}` : '')
  return (
    <ol class="timeline">
      {entries.map((e) => (
        <li class={`step step-${e.to_status ?? 'fault'}`}>
          <div class="step-time">
            {preciseTime(e.at)} <span class="muted">{since(e.at)}</span>
          </div>
          <div class="step-title">
            {e.to_status === null ? (
              <>
                answered <strong>{e.fault_status}</strong> after acting: the caller never saw this answer
              </>
            ) : e.from_status ? (
              <>
                {words(e.from_status)} → <strong>{words(e.to_status)}</strong>
              </>
            ) : (
              <>
                created <strong>{words(e.to_status)}</strong>
              </>
            )}
          </div>
          <div class="step-meta">
            by {SOURCES[e.source] ?? e.source}
            {e.rule ? (
              <>
                {' · rule '}
                <Mono>{e.rule}</Mono>
              </>
            ) : null}
            {e.failure_code && e.to_status === 'failed' ? <Badge kind="failed">{e.failure_code}</Badge> : null}
            {e.reason_code ? <Badge kind="code">{e.reason_code}</Badge> : null}
          </div>
        </li>
      ))}
      {upcoming.map((job) => (
        <li class="step step-scheduled">
          <div class="step-time">
            {preciseTime(job.due_at)} <span class="muted">{since(job.due_at)}</span>
          </div>
          <div class="step-title">
            scheduled → <strong>{words(job.to_status ?? '')}</strong>
          </div>
          <div class="step-meta">
            rule <Mono>{job.rule}</Mono>
            {job.failure_code ? <Badge kind="failed">{job.failure_code}</Badge> : null}
            {job.reason_code ? <Badge kind="code">{job.reason_code}</Badge> : null}
          </div>
        </li>
      ))}
    </ol>
  )
}

function OutcomeButton(props: { action: string; status: 'paid' | 'canceled'; label: string; class: string; confirm?: Confirmation }) {
  return (
    <ActionForm action={props.action} confirm={props.confirm}>
      <button type="submit" name="status" value={props.status} class={`button ${props.class}`}>
        {props.label}
      </button>
    </ActionForm>
  )
}

function SandboxTools(props: { payoutId: string; status: Parameters<typeof canTransition>[0] }) {
  const action = `/dashboard/payouts/${props.payoutId}/force`
  const can = (to: 'paid' | 'failed' | 'canceled') => canTransition(props.status, to)
  if (!can('paid') && !can('failed') && !can('canceled')) {
    return <p class="muted">This payout is {words(props.status)}: final, nothing more can happen to it.</p>
  }
  return (
    <div class="tools">
      <p class="muted small">Decide the outcome now; the steps the scenario scheduled are dropped.</p>
      {can('paid') ? <OutcomeButton action={action} status="paid" label="Force paid" class="button-ok" /> : null}
      {can('failed') ? (
        <ActionForm action={action} class="inline-form" confirm={{ question: 'Fail this payout with the failure code chosen? Its scheduled steps are dropped and it cannot be undone.', confirm: 'Fail payout' }}>
          <input type="hidden" name="status" value="failed" />
          <select name="failureCode" aria-label="Failure code">
            {FAILURE_CODES.map((code) => (
              <option value={code}>
                {code}
                {FAILURES[code].reason ? ` · ${FAILURES[code].reason}` : ''}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-danger">
            {props.status === 'paid' ? 'Return as failed' : 'Fail payout'}
          </button>
        </ActionForm>
      ) : null}
      {can('canceled') ? (
        <OutcomeButton
          action={action}
          status="canceled"
          label="Cancel payout"
          class="button-quiet"
          confirm={{ question: 'Cancel this payout? Its scheduled steps are dropped and it cannot be undone.', confirm: 'Cancel payout' }}
        />
      ) : null}
    </div>
  )
}

/** The rail the sandbox took for a payout that named none (Ivy's Payout does not say). */
function pickedRail(payout: Payout): string | null {
  const { rail } = chooseRail(undefined, payout.currency, payout.destination)
  return rail ? `${rail} (picked by the sandbox)` : null
}

export function PayoutPage(props: { rt: Runtime; merchant: MerchantRow; ctx: MerchantContext; id: string }) {
  const { rt, merchant } = props
  const row = retrievePayout(rt, props.ctx, props.id)
  const payout = toPayout(row)
  const account = Object.entries(payout.destination).find(([key]) => key !== 'type')?.[1] as Record<string, string> | undefined
  const events = eventsPage(rt, merchant.id, row.id, 0, MAX_LISTED).items
  const attempts = attemptsPage(rt, merchant.id, { payoutId: row.id }, 0, MAX_LISTED).items
  const subscriptions = listSubscriptions(rt.db, merchant.id).map(toSubscription)
  return (
    <>
      <p class="crumbs">
        <a href="/">Payouts</a> / <Mono>{row.id}</Mono>
      </p>
      <div class="page-head">
        <h1>
          {money(row.amount, row.currency)} <StatusBadge status={row.status} />
        </h1>
        <p class="muted">
          to {account?.accountHolderName ?? account?.address ?? 'an account'} · created {sandboxTime(row.created_at)} UTC
        </p>
      </div>
      <div class="columns">
        <div class="stack">
          <Section title="Details">
            <Fields
              rows={[
                ['Id', <Copyable id="payout-id" value={payout.id} what="payout id" />],
                ['Status', <StatusBadge status={payout.status} />],
                ['Amount', money(row.amount, row.currency)],
                ['Type', payout.type],
                ['Created', `${preciseTime(row.created_at)} UTC`],
                ['Updated', `${preciseTime(row.updated_at)} UTC`],
                ['Payment reference', payout.paymentReference],
                ['Rail', row.rail ?? pickedRail(payout)],
                ['Order', row.order_id ? <a href={`/orders/${row.order_id}`}><Mono>{row.order_id}</Mono></a> : null],
                ['Transaction id', payout.transactionId ? <Copyable id="transaction-id" value={payout.transactionId} what="transaction id" /> : null],
                ['Failure', payout.failure ? `${payout.failure.code}: ${payout.failure.message} (retry ${payout.failure.retry ? 'may help' : 'will not help'})` : null],
                ['Scenario rule', <Mono>{row.rule}</Mono>],
                ['Held from balance', row.reserved > 0 ? money(row.reserved, row.currency) : null],
                ['Metadata', payout.metadata ? <pre class="code inline">{JSON.stringify(payout.metadata, null, 2)}</pre> : null],
              ]}
            />
          </Section>
          <Section title="Destination">
            <Fields rows={[['Type', payout.destination.type], ...Object.entries(account ?? {}).map(([key, value]): [string, string] => [key, value])]} />
          </Section>
        </div>
        <div class="stack">
          <Section title="Sandbox tools">
            <SandboxTools payoutId={row.id} status={row.status} />
          </Section>
          <Section title="Timeline" aside={<span class="muted small">sandbox time, UTC</span>}>
            <Timeline rt={rt} payoutId={row.id} createdAt={row.created_at} />
          </Section>
        </div>
      </div>
      <Section title="Webhook events" aside={<a href="/webhooks" class="small">Subscriptions and inbox →</a>}>
        {events.length === 0 && subscriptions.length === 0 ? (
          <Empty>
            No events: <a href="/webhooks">subscribe a URL</a> to receive payout.initiated, payout.paid and payout.failed.
          </Empty>
        ) : events.length === 0 ? (
          // The reason is not known here (it changed before a subscription listed its events, or
          // only in ways no subscription lists): say only what is so.
          <Empty>No webhook events were recorded for this payout.</Empty>
        ) : (
          <EventList events={events} attempts={attempts} subscriptions={subscriptions} />
        )}
      </Section>
      <Section title="The Payout object" aside={<CopyButton target="payout-json" label="Copy the Payout object as JSON" />}>
        <p class="muted small">As payout/retrieve answers it, and as webhooks carry it.</p>
        <pre class="code" id="payout-json">
          {JSON.stringify(payout, null, 2)}
        </pre>
      </Section>
    </>
  )
}
