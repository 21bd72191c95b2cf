// Events on payout transitions, their exact body and signature, legacy names, redelivery,
// secret rotation and the built-in inbox.
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, openLoop, T0, type Harness } from '../helpers/harness.js'
import { startReceiver, type Receiver } from '../helpers/http-receiver.js'

let h: Harness
let receiver: Receiver
beforeEach(async () => {
  h = await harness({ merchant: { scenario: 'default' } })
  receiver = await startReceiver()
})
afterEach(async () => {
  await receiver.close()
  await h.close()
})

const subscribe = (url: string, events?: string[]) => h.post('/api/service/webhook-subscription/create', { url, events })
const retrieve = async (id: string) => (await h.post('/api/service/payout/retrieve', { id })).body

describe('webhook events', () => {
  it('payout.initiated and payout.paid carry the Payout as it was after each change, signed over the exact bytes', async () => {
    await subscribe(receiver.url)
    const created = (await h.post('/api/service/payout/create', openLoop(20))).body
    await h.advance('0s')
    const [initiated] = await receiver.waitFor(1)
    expect(initiated!.body).toEqual({ id: expect.any(String), type: 'payout.initiated', date: T0, payload: created })
    expect(Object.keys(initiated!.body)).toEqual(['id', 'type', 'date', 'payload'])
    expect(initiated!.headers['content-type']).toBe('application/json')
    expect(initiated!.headers['x-ivy-signature']).toBe(createHmac('sha256', h.merchant.secret).update(initiated!.raw).digest('hex'))
    expect(receiver.signatureValid(initiated!, 'whsec_wrong')).toBe(false)

    await h.advance('1m')
    const [, paid] = await receiver.waitFor(2)
    const after = await retrieve(created.id)
    expect(after.status).toBe('paid')
    expect(paid!.body).toEqual({ id: expect.any(String), type: 'payout.paid', date: after.updatedAt, payload: after })
    expect(paid!.body.id).not.toBe(initiated!.body.id)
    expect(receiver.signatureValid(paid!, h.merchant.secret)).toBe(true)
  })

  it('payout.failed carries the failure; nothing is sent for in_transit or canceled', async () => {
    await subscribe(receiver.url)
    const failed = (await h.post('/api/service/payout/create', openLoop(5, 'DE66100000000000000101'))).body
    const expiring = (await h.post('/api/service/payout/create', openLoop(6, 'DE82100000000000000201'))).body
    await h.advance('1h')
    const types = receiver.received.map((r) => [r.body.payload.id, r.body.type])
    expect(types).toEqual([
      [failed.id, 'payout.initiated'],
      [expiring.id, 'payout.initiated'],
      [failed.id, 'payout.failed'],
    ])
    expect(receiver.received[2]!.body.payload.failure).toEqual({ code: 'account_closed', message: expect.any(String), retry: false })
    expect((await retrieve(expiring.id)).status).toBe('canceled')
  })

  it('legacy user_payout.* names go only to subscriptions that list them', async () => {
    const legacy = await startReceiver()
    try {
      await subscribe(receiver.url, ['payout.paid'])
      await subscribe(legacy.url, ['user_payout.initiated', 'user_payout.paid'])
      const payout = (await h.post('/api/service/payout/create', openLoop(7))).body
      await h.advance('1m')
      expect(receiver.received.map((r) => r.body.type)).toEqual(['payout.paid'])
      expect(legacy.received.map((r) => r.body.type)).toEqual(['user_payout.initiated', 'user_payout.paid'])
      expect(legacy.received[1]!.body.payload).toEqual(await retrieve(payout.id))
    } finally {
      await legacy.close()
    }
  })

  it('redelivery sends the same event again, with its id, now', async () => {
    await subscribe(receiver.url, ['payout.initiated'])
    await h.post('/api/service/payout/create', openLoop(8))
    await h.advance('0s')
    const [first] = await receiver.waitFor(1)
    await h.advance('1h')
    const res = await h.post(`/sandbox/webhooks/events/${first!.body.id}/redeliver`)
    expect(res.body).toEqual({ eventId: first!.body.id, deliveries: 1 })
    await h.advance('0s')
    const [, again] = await receiver.waitFor(2)
    expect(again!.raw).toBe(first!.raw)
    const other = h.newMerchant()
    expect((await h.post(`/sandbox/webhooks/events/${first!.body.id}/redeliver`, undefined, { key: other.key })).status).toBe(404)
  })

  it('rotating the secret signs later attempts with the new one', async () => {
    await subscribe(receiver.url, ['payout.initiated'])
    await h.post('/api/service/payout/create', openLoop(9))
    await h.advance('0s')
    const { body } = await h.post('/sandbox/webhooks/secret/rotate')
    expect(body.webhookSecret).toMatch(/^whsec_[0-9a-f]{40}$/)
    expect((await h.get('/sandbox/merchant')).body.webhookSecret).toBe(body.webhookSecret)
    await h.post('/api/service/payout/create', openLoop(10))
    await h.advance('0s')
    const [before, after] = await receiver.waitFor(2)
    expect(receiver.signatureValid(before!, h.merchant.secret)).toBe(true)
    expect(receiver.signatureValid(after!, body.webhookSecret)).toBe(true)
    expect(receiver.signatureValid(after!, h.merchant.secret)).toBe(false)
  })

  it('the built-in inbox keeps deliveries and says whether each signature is valid', async () => {
    const url = await h.serve()
    const inbox = `inbox-${h.merchant.id.slice(-6)}`
    await subscribe(`${url}/sandbox/inbox/${inbox}`)
    const payout = (await h.post('/api/service/payout/create', openLoop(11))).body
    await h.advance('1m')
    await fetch(`${url}/sandbox/inbox/${inbox}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ivy-signature': 'forged' },
      body: JSON.stringify({ id: 'x', type: 'payout.paid', date: T0, payload: {} }),
    })
    const listed = await (await fetch(`${url}/sandbox/inbox/${inbox}`)).json()
    expect(listed.count).toBe(3)
    expect(listed.items.map((i: { eventType: string; signatureValid: boolean }) => [i.eventType, i.signatureValid])).toEqual([
      ['payout.paid', false],
      ['payout.paid', true],
      ['payout.initiated', true],
    ])
    expect(listed.items[1].body.payload).toEqual(await retrieve(payout.id))
    expect((await fetch(`${url}/sandbox/inbox/bad name!`)).status).toBe(400)
  })
})
