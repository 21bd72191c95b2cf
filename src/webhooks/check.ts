// The webhook handler check (POST /sandbox/webhooks/check, `ivy-sandbox check-webhook`,
// sandbox.checkWebhook()): a battery of requests to a merchant's handler, signed and sent exactly
// as deliveries are (deliver.ts), one after another, each judged on the handler's answer:
//
//   case                                          sends                                       passes on
//   payout.initiated / payout.paid                payout A's events                           exactly 200
//   unusual JSON spacing and escaped unicode      payout B's payout.initiated, re-spaced      exactly 200
//   payout.failed                                 payout B failing                            exactly 200
//   same event id again                           A's payout.paid, the same bytes             exactly 200
//   payout.paid before its payout.initiated       payout C paid, then C initiated (2 cases)   exactly 200
//   unknown event type                            refund.succeeded                            exactly 200
//   flipped signature digit, missing signature,   a payout.paid for A under a fresh id        an answer, not 200
//   signed with another secret
//   within the time-out                           (every answer above)                        each in webhookTimeoutMs
//
// A check is not a delivery: it writes no event, delivery or journal row, and it may target a URL
// that no subscription lists. The payouts in it are made up (never stored), rendered as the API
// renders a payout. Each request is bounded by the delivery time-out, so the whole check is too.
import type { PayoutRow } from '../db/schema.js'
import { toIso } from '../lib/clock.js'
import type { MerchantContext } from '../engine/context.js'
import { textTable } from '../lib/text-table.js'
import { toPayout } from '../payouts/render.js'
import type { Runtime } from '../runtime.js'
import type { WebhookCheckCase, WebhookCheckReport } from './check-report.js'
import { sendWithSignature } from './deliver.js'
import type { EventName } from './events.js'
import { sign } from './sign.js'
import { refuseSandboxTarget } from './target.js'

export interface WebhookCheckTarget {
  url: string
  /** Default: the merchant's webhook signing secret. */
  secret?: string
}

type Answer = Awaited<ReturnType<typeof sendWithSignature>>

const seconds = (ms: number) => `${ms / 1000} s`

const VERIFY_ADVICE =
  'Verify X-Ivy-Signature as the lowercase hex HMAC-SHA256 of the raw request bytes with your signing secret, ' +
  'compare it with a constant-time compare (crypto.timingSafeEqual), and answer 401 when it does not match.'

/** What a correctly signed event that was not answered 200 says about the handler, by status. */
function refusedAdvice(answer: Answer, timeoutMs: number, ownAdvice: string): string {
  const status = answer.statusCode
  if (status === null) return `The handler did not answer (${answer.error}). Ivy waits ${seconds(timeoutMs)}, then retries the event for about 54 hours.`
  if (status >= 200 && status < 300) return `At Ivy only 200 counts as delivered: a ${status} is retried for about 54 hours, then given up. Answer exactly 200.`
  if (status >= 300 && status < 400) return `Ivy never follows a redirect: a ${status} is a failed delivery. Subscribe the URL the handler really answers at.`
  return ownAdvice
}

const observedOf = (answer: Answer) => {
  if (answer.statusCode === null) return answer.error ?? 'no answer'
  const excerpt = answer.responseExcerpt?.trim().replace(/\s+/g, ' ').slice(0, 80)
  return excerpt ? `HTTP ${answer.statusCode}: ${excerpt}` : `HTTP ${answer.statusCode}`
}

/** How long before the check its made-up payouts were created: their later events have a later updatedAt. */
const CREATED_BEFORE_MS = 60_000

/** A pending payout as the sandbox would store it: euros to Ivy's example account, never saved. */
function madeUpPayout(rt: Runtime, merchantId: string, createdAt: number, seq: number, holder: string): PayoutRow {
  return {
    id: rt.ids.uuid(),
    merchant_id: merchantId,
    seq,
    type: 'beneficiary',
    status: 'pending',
    amount: 12_550,
    currency: 'EUR',
    destination: JSON.stringify({ type: 'iban', iban: { iban: 'DE89370400440532013000', accountHolderName: holder } }),
    order_id: null,
    metadata: JSON.stringify({ invoice: `INV/2026/${1040 + seq}` }),
    payment_reference: `Invoice 2026/${1040 + seq}`,
    rail: null,
    transaction_id: null,
    failure_code: null,
    reserved: 12_550,
    rule: 'webhook-check',
    created_at: createdAt,
    updated_at: createdAt,
  }
}

/**
 * The same JSON with a space before every colon, tabs and newlines between tokens, `\/` for
 * every slash and `\uXXXX` for every non-ASCII character: other bytes, the same value.
 */
function unusuallySpaced(value: unknown): string {
  return JSON.stringify(value, null, '\t')
    .replace(/":/g, '" :')
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Flips the last hex digit: a signature one digit off. */
const flipLastDigit = (signature: string) => signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0')

/**
 * Runs every case against `target.url` (refused with a 400 on `url` when it would reach the
 * sandbox itself, as a subscription would be) and reports each.
 */
export async function checkWebhookHandler(rt: Runtime, ctx: MerchantContext, target: WebhookCheckTarget): Promise<WebhookCheckReport> {
  await refuseSandboxTarget(rt, target.url)
  const merchantId = ctx.merchant.id
  const secret = target.secret ?? ctx.merchant.webhook_secret
  const timeoutMs = rt.webhookTimeoutMs
  const { now } = ctx
  const event = (type: EventName, payload: unknown, at = now) => ({ id: rt.ids.uuid(), type, date: toIso(at), payload })
  /** The event of a payout's change, dated as the change, as the outbox dates it. */
  const payoutEvent = (type: EventName, payout: PayoutRow) => event(type, toPayout(payout), payout.updated_at)
  const paid = (payout: PayoutRow): PayoutRow => ({ ...payout, status: 'paid', transaction_id: rt.ids.uuid(), reserved: 0, updated_at: now })
  const send = (body: string, signature: string | null) => sendWithSignature(rt, target.url, body, signature)

  const cases: WebhookCheckCase[] = []
  const answers: Array<{ name: string; answer: Answer }> = []
  /** A correctly signed body that must be answered exactly 200. */
  const accepted = async (name: string, body: string, advice: string) => {
    const answer = await send(body, sign(body, secret))
    answers.push({ name, answer })
    const passed = answer.statusCode === 200
    cases.push({ name, passed, expected: 'HTTP 200', observed: observedOf(answer), advice: passed ? null : refusedAdvice(answer, timeoutMs, advice), latencyMs: answer.latencyMs })
  }
  /** A forged request that must be refused: answered, and not 200. */
  const refused = async (name: string, body: string, signature: string | null, acceptedAdvice: string) => {
    const answer = await send(body, signature)
    answers.push({ name, answer })
    const passed = answer.statusCode !== null && answer.statusCode !== 200
    const advice =
      answer.statusCode === 200 ? `${acceptedAdvice} ${VERIFY_ADVICE}` : `The handler did not answer (${answer.error}): refuse a bad signature at once, with a 401.`
    cases.push({ name, passed, expected: 'an answer other than HTTP 200 (a 401)', observed: observedOf(answer), advice: passed ? null : advice, latencyMs: answer.latencyMs })
  }

  const signedAdvice = `A correctly signed event was refused. Check that the handler verifies with the secret this check signs with, over the raw request bytes; see its logs.`
  const created = now - CREATED_BEFORE_MS
  const a = madeUpPayout(rt, merchantId, created, 1, 'Jane Doe')
  const b = madeUpPayout(rt, merchantId, created, 2, 'Zoë Lefèvre')
  const c = madeUpPayout(rt, merchantId, created, 3, 'Jane Doe')
  const paidA = JSON.stringify(payoutEvent('payout.paid', paid(a)))

  await accepted('payout.initiated', JSON.stringify(payoutEvent('payout.initiated', a)), signedAdvice)
  await accepted('payout.paid', paidA, signedAdvice)
  await accepted(
    'unusual JSON spacing and escaped unicode',
    unusuallySpaced(payoutEvent('payout.initiated', b)),
    'This body is valid JSON with unusual spacing and \\u escapes, signed over its exact bytes. A handler that verifies a re-serialized body ' +
      '(JSON.stringify of the parsed body, a framework\'s parsed body) checks other bytes and refuses it: verify over the raw bytes as received.',
  )
  const failedB: PayoutRow = { ...b, status: 'failed', failure_code: 'account_closed', reserved: 0, updated_at: now }
  await accepted('payout.failed', JSON.stringify(payoutEvent('payout.failed', failedB)), signedAdvice)
  await accepted(
    'same event id again',
    paidA,
    'Ivy delivers at least once: an event can come again (a retry after a lost answer, a redelivery). Answer 200 to an event id already handled, without acting twice.',
  )
  await accepted(
    'payout.paid before its payout.initiated',
    JSON.stringify(payoutEvent('payout.paid', paid(c))),
    'Deliveries are not ordered: a payout.paid can come before its payout.initiated. Answer 200 and record the state (or fetch the payout with payout/retrieve).',
  )
  await accepted(
    'payout.initiated after its payout.paid',
    JSON.stringify(payoutEvent('payout.initiated', c)),
    'A late payout.initiated can follow its payout.paid. Answer 200 and keep the payout paid: compare updatedAt, never move a payout back.',
  )
  // [sandbox] The contract documents no Refund object, so the payload carries only an id.
  await accepted(
    'unknown event type (refund.succeeded)',
    JSON.stringify(event('refund.succeeded', { id: rt.ids.uuid() })),
    'Ivy sends more event types than a handler may know. Answer 200 to a type it does not handle (and ignore it), or Ivy retries it for days.',
  )

  const forged = () => JSON.stringify(payoutEvent('payout.paid', paid(a)))
  const flipped = forged()
  await refused('flipped signature digit', flipped, flipLastDigit(sign(flipped, secret)), 'The handler accepted a signature one digit off: it does not really compare signatures.')
  await refused('missing X-Ivy-Signature', forged(), null, 'The handler accepted a request without X-Ivy-Signature: anyone can post it events.')
  const other = forged()
  await refused('signed with another secret', other, sign(other, `${secret}-not`), 'The handler accepted a body signed with another secret: anyone can forge events.')

  const slowest = answers.reduce((max, next) => (next.answer.latencyMs > max.answer.latencyMs ? next : max))
  const inTime = answers.every(({ answer }) => answer.latencyMs < timeoutMs)
  cases.push({
    name: `every answer within ${seconds(timeoutMs)}`,
    passed: inTime,
    expected: `each answer in under ${seconds(timeoutMs)}`,
    observed: `slowest: ${slowest.name}, ${slowest.answer.latencyMs} ms`,
    advice: inTime ? null : `Ivy waits ${seconds(timeoutMs)} for an answer, then counts the attempt failed and retries. Answer 200 first and do slow work afterwards (a queue).`,
    latencyMs: slowest.answer.latencyMs,
  })
  return { passed: cases.every((each) => each.passed), cases }
}

/** The report as a plain-text table (case, PASS/FAIL, observed, advice) and a closing count. */
export function reportTable(report: WebhookCheckReport): string {
  const lines = textTable([['case', 'result', 'observed', 'advice'], ...report.cases.map((c) => [c.name, c.passed ? 'PASS' : 'FAIL', c.observed, c.advice ?? ''])])
  const passed = report.cases.filter((c) => c.passed).length
  return [...lines, '', `${passed} of ${report.cases.length} cases passed`].join('\n')
}
