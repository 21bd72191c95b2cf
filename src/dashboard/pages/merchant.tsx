/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The merchant the dashboard shows: its credentials, settings and balances, the faults armed on
// its API, and a form to show another one by pasting its API key.
import type { MerchantContext } from '../../engine/context.js'
import { balancesOf } from '../../balance/repo.js'
import type { MerchantRow } from '../../db/schema.js'
import { listFaults } from '../../faults/service.js'
import { DEFAULT_MERCHANT, toMerchant } from '../../merchants/service.js'
import type { Runtime } from '../../runtime.js'
import { listSnapshots } from '../../snapshots/service.js'
import { MerchantForm, TopUpForm } from '../forms.js'
import { money, sandboxTime } from '../format.js'
import { ActionForm, Badge, Copyable, Empty, Fields, Mono, Section, TableFrame } from '../ui.js'

export function MerchantPage(props: { rt: Runtime; merchant: MerchantRow; ctx: MerchantContext }) {
  const merchant = toMerchant(props.rt, props.merchant)
  const isDefault = merchant.id === DEFAULT_MERCHANT.id
  return (
    <>
      <div class="page-head">
        <h1>
          {merchant.name} {isDefault ? <Badge kind="code">default</Badge> : null}
        </h1>
      </div>
      <div class="balances">
        {balancesOf(props.rt.db, merchant.id).map(({ currency, available }) => (
          <div class="card balance">
            <span class="muted small">Available {currency}</span>
            <strong>{money(available, currency)}</strong>
          </div>
        ))}
      </div>
      <div class="columns">
        <Section title="Merchant">
          <Fields
            rows={[
              ['Id', <Copyable id="merchant-id" value={merchant.id} what="merchant id" />],
              ['API key', <Copyable id="api-key" value={merchant.apiKey} what="API key" />],
              ['Webhook signing secret', <Copyable id="webhook-secret" value={merchant.webhookSecret} what="webhook signing secret" />],
              ['Scenario', <a href="/scenario">{merchant.scenario}</a>],
              ['Seed', merchant.seed === null ? `${props.ctx.seed} (the scenario's)` : String(merchant.seed)],
              ['Open-loop payouts', merchant.openLoop ? 'allowed' : 'not allowed'],
            ]}
          />
        </Section>
        <SnapshotsSection rt={props.rt} merchant={props.merchant} />
        <Section title="Switch merchant">
          <p class="muted small">
            Every merchant is isolated: its own key, balances, scenario and clock. Create one below (or with <Mono>POST /sandbox/merchants</Mono>) and paste its key here.
          </p>
          <ActionForm action="/dashboard/merchant" class="inline-form">
            <input type="text" name="apiKey" placeholder="ivy_sandbox_…" aria-label="API key" autocomplete="off" spellcheck={false} required />
            <button type="submit" class="button">
              Show this merchant
            </button>
          </ActionForm>
          {isDefault ? null : (
            <ActionForm action="/dashboard/merchant" class="below">
              <input type="hidden" name="apiKey" value={DEFAULT_MERCHANT.apiKey} />
              <button type="submit" class="button button-quiet">
                Back to the default merchant
              </button>
            </ActionForm>
          )}
        </Section>
      </div>
      <div class="columns">
        <Section title="Top up a balance" aside={<span class="muted small">as POST /sandbox/balance/top-up</span>}>
          <TopUpForm />
        </Section>
        <Section title="New merchant" aside={<span class="muted small">as POST /sandbox/merchants</span>}>
          <MerchantForm scenarios={props.rt.scenarios.names()} />
        </Section>
      </div>
      <ApiFaults rt={props.rt} ctx={props.ctx} />
    </>
  )
}

/** What POST /sandbox/faults armed and the scenario's standing faults; each firing is on the payout's timeline. */
function ApiFaults(props: { rt: Runtime; ctx: MerchantContext }) {
  const { armed, standing } = listFaults(props.rt, props.ctx)
  const rows = [
    ...armed.map((f) => ({ ...f, fires: `next ${f.remaining} ${f.remaining === 1 ? 'request' : 'requests'}` })),
    ...standing.map((f) => ({ ...f, retryAfter: f.retryAfter ?? null, delay: f.delay ?? null, fires: `${+(f.share * 100).toFixed(2)}% of requests (scenario)` })),
  ]
  return (
    <Section title="API faults" id="faults">
      {rows.length === 0 ? (
        <Empty>
          None armed. <Mono>POST /sandbox/faults</Mono> makes the next requests to an Ivy path fail, before or after acting.
        </Empty>
      ) : (
        <TableFrame label="API faults">
          <table class="table">
            <thead>
              <tr>
                <th>Path</th>
                <th>Answer</th>
                <th>When</th>
                <th>Fires on</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr>
                  <td>
                    <Mono>{f.path}</Mono>
                  </td>
                  <td>
                    {f.status}
                    {f.retryAfter === null ? '' : ` · Retry-After ${f.retryAfter}s`}
                    {f.delay === null ? '' : ` · held ${f.delay}`}
                  </td>
                  <td>{f.when === 'after' ? 'after acting' : 'before acting'}</td>
                  <td>{f.fires}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </Section>
  )
}

/** Snapshots of this merchant (save, restore, delete) and a fork of it, as the /sandbox/snapshots endpoints do. */
function SnapshotsSection(props: { rt: Runtime; merchant: MerchantRow }) {
  const snapshots = listSnapshots(props.rt, props.merchant.id)
  return (
    <Section title="Snapshots and forks" id="snapshots">
      <p class="muted small">
        A snapshot saves this merchant's payouts, balances, clock, scenario and pending work; restoring it puts them back. A fork is a new merchant with a copy of them and its own key.
      </p>
      {snapshots.length === 0 ? (
        <Empty>No snapshot yet.</Empty>
      ) : (
        <ul class="snapshot-list">
          {snapshots.map((snapshot) => (
            <li>
              <span class="snapshot-what">
                <Mono>{snapshot.name}</Mono>{' '}
                <span class="muted small">
                  {sandboxTime(snapshot.createdAt)} UTC, {snapshot.payouts === 1 ? '1 payout' : `${snapshot.payouts} payouts`}
                </span>
              </span>
              <ActionForm action={`/dashboard/snapshots/${encodeURIComponent(snapshot.name)}/restore`}>
                <button type="submit" class="button" aria-label={`Restore ${snapshot.name}`}>
                  Restore
                </button>
              </ActionForm>
              <ActionForm action={`/dashboard/snapshots/${encodeURIComponent(snapshot.name)}/delete`} confirm={{ question: `Delete snapshot ${snapshot.name}? It cannot be restored afterwards.`, confirm: 'Delete snapshot' }}>
                <button type="submit" class="button button-quiet" aria-label={`Delete ${snapshot.name}`}>
                  Delete
                </button>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
      <ActionForm action="/dashboard/snapshots" class="inline-form below">
        <input type="text" name="name" placeholder="seeded" aria-label="Snapshot name" autocomplete="off" spellcheck={false} required />
        <button type="submit" class="button">
          Save a snapshot
        </button>
      </ActionForm>
      <ActionForm action="/dashboard/merchant/fork" class="below">
        <button type="submit" class="button button-quiet">
          Fork this merchant and show the fork
        </button>
      </ActionForm>
    </Section>
  )
}
