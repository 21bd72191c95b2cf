/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Webhooks: the merchant's subscriptions (add one, remove one), the handler check, recent events
// with the state of each delivery, every recent attempt, and what the built-in inbox received.
import type { MerchantRow } from '../../db/schema.js'
import type { Runtime } from '../../runtime.js'
import { attemptsPage, eventsPage, inboxPage } from '../../webhooks/inspect.js'
import { listSubscriptions } from '../../webhooks/repo.js'
import { toSubscription } from '../../webhooks/subscriptions.js'
import { preciseTime, sandboxTime } from '../format.js'
import { ActionForm, Badge, Empty, Mono, Section, TableFrame } from '../ui.js'
import { WebhookCheckSection } from '../webhook-check.js'
import { AttemptsTable, EventList } from '../webhook-views.js'

const RECENT = 20

export function WebhooksPage(props: { rt: Runtime; merchant: MerchantRow; origin: string }) {
  const { rt, merchant } = props
  const subscriptions = listSubscriptions(rt.db, merchant.id).map(toSubscription)
  const events = eventsPage(rt, merchant.id, undefined, 0, RECENT)
  const attempts = attemptsPage(rt, merchant.id, {}, 0, RECENT)
  const inbox = inboxPage(rt, { merchantId: merchant.id }, 0, RECENT)
  const inboxUrl = `${props.origin}/sandbox/inbox/dashboard`
  return (
    <>
      <div class="page-head">
        <h1>Webhooks</h1>
        <p class="muted">
          Every delivery is signed: <Mono>X-Ivy-Signature</Mono> is the hex HMAC-SHA256 of the body with the signing secret shown on the{' '}
          <a href="/merchant">Merchant</a> page.
        </p>
      </div>
      <Section title="Subscriptions">
        {subscriptions.length === 0 ? (
          <Empty>No subscriptions: events are recorded but sent nowhere. Subscribe the built-in inbox below to watch them arrive.</Empty>
        ) : (
          <TableFrame label="Subscriptions">
            <table class="table">
              <thead>
                <tr>
                  <th>URL</th>
                  <th>Events</th>
                  <th>Created</th>
                  <th>
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {subscriptions.map((s) => (
                  <tr>
                    <td class="url">{s.url}</td>
                    <td>
                      {s.events.map((name) => (
                        <span class="chip">{name}</span>
                      ))}
                    </td>
                    <td class="nowrap">{sandboxTime(s.createdAt)}</td>
                    <td class="num">
                      <ActionForm action={`/dashboard/webhooks/subscriptions/${s.id}/delete`} confirm={{ question: `Remove the subscription of ${s.url}? Deliveries still pending to it are dropped.`, confirm: 'Remove subscription' }}>
                        <button type="submit" class="button button-quiet">
                          Remove
                        </button>
                      </ActionForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        )}
        <ActionForm action="/dashboard/webhooks/subscriptions" class="inline-form subscribe">
          <input type="url" name="url" value={subscriptions.some((s) => s.url === inboxUrl) ? '' : inboxUrl} placeholder="https://example.com/webhooks/ivy" aria-label="Webhook URL" required />
          <button type="submit" class="button">
            Subscribe
          </button>
          <span class="muted small">to payout.initiated, payout.paid and payout.failed</span>
        </ActionForm>
      </Section>
      <WebhookCheckSection rt={rt} merchantId={merchant.id} />
      <Section title="Recent events" aside={<span class="muted small">{events.count} in all</span>}>
        {events.items.length === 0 ? <Empty>No events yet.</Empty> : <EventList events={events.items} attempts={[]} subscriptions={subscriptions} />}
      </Section>
      <Section title="Recent delivery attempts" aside={<span class="muted small">{attempts.count} in all</span>}>
        {attempts.items.length === 0 ? <Empty>No attempts yet.</Empty> : <AttemptsTable attempts={attempts.items} withEvent />}
      </Section>
      <Section title="Inbox" aside={<span class="muted small">the built-in receiver, /sandbox/inbox/&lt;name&gt;</span>}>
        {inbox.items.length === 0 ? (
          <Empty>
            Nothing received. Subscribe <Mono>{inboxUrl}</Mono> (any name after <Mono>/sandbox/inbox/</Mono>) and the sandbox keeps what it is sent,
            signed with this merchant's secret.
          </Empty>
        ) : (
          <TableFrame label="Received by the inbox">
            <table class="table compact">
              <thead>
                <tr>
                  <th>Received</th>
                  <th>Inbox</th>
                  <th>Event</th>
                  <th>Signature</th>
                  <th>Body</th>
                </tr>
              </thead>
              <tbody>
                {inbox.items.map((item) => (
                  <tr>
                    <td class="nowrap">{preciseTime(item.receivedAt)}</td>
                    <td>{item.name}</td>
                    <td>{item.eventType ?? <span class="muted">—</span>}</td>
                    <td>{item.signatureValid ? <Badge kind="ok">valid</Badge> : <Badge kind="bad">{item.signature ? 'invalid' : 'missing'}</Badge>}</td>
                    <td>
                      <details>
                        <summary class="small">{item.eventId ?? 'body'}</summary>
                        <pre class="code">{JSON.stringify(item.body, null, 2)}</pre>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        )}
      </Section>
    </>
  )
}
