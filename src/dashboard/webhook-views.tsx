/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Webhook events and delivery attempts as both the payout detail and the Webhooks page show
// them: each event with its deliveries (one per subscription), each attempt with its status
// code, latency and signature.
import type { WebhookSubscription } from '../webhooks/schemas.js'
import type { attemptsPage, eventsPage } from '../webhooks/inspect.js'
import { preciseTime, shortId } from './format.js'
import { ActionForm, Badge, Copyable, Mono, StatusBadge, TableFrame } from './ui.js'

export type EventItem = ReturnType<typeof eventsPage>['items'][number]
export type AttemptItem = ReturnType<typeof attemptsPage>['items'][number]

function AttemptOutcome(props: { attempt: AttemptItem }) {
  const { statusCode, error } = props.attempt
  return (
    <>
      <Badge kind={props.attempt.delivered ? 'ok' : 'bad'}>{statusCode === null ? 'no answer' : String(statusCode)}</Badge>
      {error ? <span class="muted small"> {error}</span> : null}
    </>
  )
}

/** Attempts newest first; `withEvent` adds the event and payout columns (the Webhooks page). */
export function AttemptsTable(props: { attempts: AttemptItem[]; withEvent?: boolean }) {
  return (
    <TableFrame label="Delivery attempts">
      <table class="table compact">
        <thead>
          <tr>
            <th>Attempt</th>
            <th>Sandbox time</th>
            {props.withEvent ? <th>Event</th> : null}
            <th>URL</th>
            <th>Status</th>
            <th class="num">Latency</th>
            <th>Signature</th>
          </tr>
        </thead>
        <tbody>
          {props.attempts.map((a) => (
            <tr>
              <td>#{a.attempt}</td>
              <td class="nowrap">{preciseTime(a.at)}</td>
              {props.withEvent ? (
                <td>
                  <div>{a.eventType}</div>
                  {a.payoutId ? (
                    <a href={`/payouts/${a.payoutId}`} class="small">
                      payout {shortId(a.payoutId)}
                    </a>
                  ) : null}
                </td>
              ) : null}
              <td class="url">{a.url}</td>
              <td>
                <AttemptOutcome attempt={a} />
              </td>
              <td class="num nowrap">{a.latencyMs} ms</td>
              <td>
                <Mono title={a.signature}>{a.signature.slice(0, 16)}…</Mono>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  )
}

/** Events newest first, each with its deliveries, their attempts and a redeliver button. */
export function EventList(props: { events: EventItem[]; attempts: AttemptItem[]; subscriptions: WebhookSubscription[] }) {
  const urlOf = new Map(props.subscriptions.map((s) => [s.id, s.url]))
  return (
    <ol class="events">
      {props.events.map((event) => (
        <li class="event">
          <header class="event-head">
            <div>
              <strong>{event.type}</strong>
              <span class="muted small"> {preciseTime(event.date)}</span>
              <div>
                <Copyable id={`event-${event.id}`} value={event.id} what="event id" />
                {event.payoutId ? (
                  <>
                    {' · '}
                    <a href={`/payouts/${event.payoutId}`} class="small">
                      payout {shortId(event.payoutId)}
                    </a>
                  </>
                ) : null}
              </div>
            </div>
            <ActionForm action={`/dashboard/events/${event.id}/redeliver`}>
              <button type="submit" class="button button-quiet">
                Redeliver
              </button>
            </ActionForm>
          </header>
          {event.deliveries.length === 0 ? <p class="muted small">No subscription listed this event when it happened.</p> : null}
          {event.deliveries.map((d) => {
            const attempts = props.attempts.filter((a) => a.deliveryId === d.id)
            return (
              <div class="delivery">
                <p class="small">
                  <StatusBadge status={d.state} /> to <span class="url">{urlOf.get(d.subscriptionId) ?? 'a deleted subscription'}</span> · {d.attempts}{' '}
                  {d.attempts === 1 ? 'attempt' : 'attempts'}
                  {d.nextAttemptAt ? ` · next attempt ${preciseTime(d.nextAttemptAt)}` : ''}
                </p>
                {attempts.length > 0 ? <AttemptsTable attempts={attempts} /> : null}
              </div>
            )
          })}
        </li>
      ))}
    </ol>
  )
}
