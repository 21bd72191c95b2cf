// checkLedger itself: clean on a ledger the sandbox wrote, and each way of breaking one (written
// straight into SQLite) is reported in words that say what broke.
import { beforeEach, afterEach, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'
import { checkLedger } from '../helpers/ledger.js'

let h: Harness
let paid: string
let pending: string
beforeEach(async () => {
  h = await harness({ merchant: { scenario: 'always-paid' } })
  await h.post('/sandbox/orders', { amount: 25, currency: 'EUR' })
  paid = (await h.post('/api/service/payout/create', openLoop(10))).body.id
  await h.advance('1m')
  pending = (await h.post('/api/service/payout/create', openLoop(30))).body.id
})
afterEach(() => h.close())

const run = (sql: string, ...params: unknown[]) => h.rt.db.sqlite.prepare(sql).run(...params)
const problems = () => checkLedger(h.rt.db.sqlite, h.merchant.id)
const lastEur = "(select max(n) from bookings where merchant_id = ? and currency = 'EUR')"

describe('checkLedger', () => {
  it('finds nothing wrong with what the sandbox wrote', () => {
    expect(problems()).toEqual([])
  })

  it.each<[string, () => void, RegExp]>([
    ['a broken chain', () => run(`update bookings set before = before + 1, after = after + 1 where n = ${lastEur}`, h.merchant.id), /before \d+, expected \d+ \(the previous booking's after\)/],
    ['an after that does not add up', () => run(`update bookings set after = after + 5 where n = ${lastEur}`, h.merchant.id), /after \d+, expected before \d+ - 1000 = \d+/],
    ['a zero amount', () => run(`update bookings set amount = 0 where n = ${lastEur}`, h.merchant.id), /amount 0 is not a positive integer/],
    ['booked off the last booking', () => run("update balances set booked = booked + 1 where merchant_id = ? and currency = 'EUR'", h.merchant.id), /booked \d+, but its last booking's after is \d+/],
    ['available off what is held', () => run("update balances set available = available - 1 where merchant_id = ? and currency = 'EUR'", h.merchant.id), /held in flight 3000 \(payouts 3000, refunds 0, returns 0\) = \d+, but available is \d+/],
    ['a settled payout still holding money', () => run('update payouts set reserved = amount where id = ?', paid), /payouts .* is paid but still holds 1000/],
    ['a paid payout without its booking', () => run("delete from bookings where process_id = ? and side = 'debit'", paid), /0 debit booking\(s\), but it was paid 1 time\(s\)/],
    ['a booking naming an object that is not there', () => run("update bookings set process_id = 'gone' where process_id = ?", paid), /no such row in payouts/],
    ['a booking of a type with no table', () => run("update bookings set process_type = 'fxQuote' where process_id = ?", paid), /fxQuote is no type with a table/],
    ["a paid order whose transactionId is not its booking", () => run("update orders set transaction_id = 'elsewhere' where merchant_id = ?", h.merchant.id), /transactionId elsewhere is none of its payment bookings/],
    ['a pending payout holding part of its amount', () => run('update payouts set reserved = 1 where id = ?', pending), /holds 1, neither 0 nor its amount/],
  ])('reports %s', (_name, tamper, words) => {
    tamper()
    const found = problems()
    expect(found.some((p) => words.test(p)), found.join('\n')).toBe(true)
  })
})
