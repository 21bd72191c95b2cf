// Bodies read from the socket when served over HTTP: limits, content types and malformed JSON
// give the Ivy error body (never a 500), and the exact bytes reach handlers that need them.
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, openLoop, type Harness } from '../helpers/harness.js'
import { hmacHex } from '../helpers/receiver.js'

let h: Harness
let url: string
beforeAll(async () => {
  h = await harness()
  url = await h.serve()
})
afterAll(() => h.close())

/** A raw HTTP POST, optionally chunked (no Content-Length), answering status and parsed body. */
function post(path: string, body: string | Buffer, headers: Record<string, string>, chunked = false): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url)
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'X-Ivy-Api-Key': h.key, ...headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }))
      },
    )
    req.on('error', reject)
    if (chunked) {
      const data = Buffer.from(body)
      for (let i = 0; i < data.length; i += 64 * 1024) req.write(data.subarray(i, i + 64 * 1024))
      req.end()
    } else {
      req.setHeader('Content-Length', Buffer.byteLength(body))
      req.end(body)
    }
  })
}

const count = () => (h.rt.db.sqlite.prepare('select count(*) n from payouts').get() as { n: number }).n

describe('request bodies over HTTP', () => {
  it('a valid body creates the payout', async () => {
    const res = await post('/api/service/payout/create', JSON.stringify(openLoop(12.5)), { 'Content-Type': 'application/json; charset=utf-8' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ amount: 12.5, status: 'pending' })
  })

  it.each([
    ['malformed JSON', '{"amount": 1,', { 'Content-Type': 'application/json' }, false, 'Malformed JSON in request body'],
    ['a text/plain body', JSON.stringify(openLoop(1)), { 'Content-Type': 'text/plain' }, false, 'Content-Type must be application/json'],
    ['no content type with a body', JSON.stringify(openLoop(1)), {}, false, 'Content-Type must be application/json'],
    ['a body over 1 MiB', JSON.stringify({ ...openLoop(1), metadata: { pad: 'x'.repeat(1024 * 1024) } }), { 'Content-Type': 'application/json' }, false, 'request body is larger than 1 MiB'],
    ['a chunked body over 1 MiB', JSON.stringify({ ...openLoop(1), metadata: { pad: 'x'.repeat(1024 * 1024) } }), { 'Content-Type': 'application/json' }, true, 'request body is larger than 1 MiB'],
  ])('%s is a 400 and writes nothing', async (_, body, headers, chunked, message) => {
    const before = count()
    const res = await post('/api/service/payout/create', body, headers as Record<string, string>, chunked as boolean)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', category: 'invalid_request_error', statusCode: 400, message })
    expect(count()).toBe(before)
  })

  it('a chunked body under the limit is read whole', async () => {
    // An unknown field pads the body over several chunks; the field after it comes from the last.
    const res = await post('/api/service/payout/create', JSON.stringify({ ...openLoop(3), pad: 'y'.repeat(300_000), paymentReference: 'read to the end' }), { 'Content-Type': 'application/json' }, true)
    expect(res.status).toBe(200)
    expect(res.body.paymentReference).toBe('read to the end')
  })

  it('an empty body is validated as {} and names the missing field', async () => {
    const res = await post('/api/service/payout/create', '', {})
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ param: 'amount', message: 'amount is required' })
  })

  it('an empty body with the JSON content type is an empty request too', async () => {
    const res = await post('/api/service/payout/create', '', { 'Content-Type': 'application/json' })
    expect(res.body).toMatchObject({ param: 'amount', message: 'amount is required' })
    const frozen = await post('/sandbox/clock/freeze', '', { 'Content-Type': 'application/json' })
    expect(frozen.status).toBe(200)
    const resumed = await post('/sandbox/clock/resume', '', { 'Content-Type': 'application/json' })
    expect(resumed.status).toBe(200)
    expect(resumed.body).toMatchObject({ mode: 'realtime', speed: 1 })
  })

  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
  /** A valid payout/create body with one more field written as raw JSON. */
  const withField = (json: string) => `${JSON.stringify(openLoop(1)).slice(0, -1)},${json}}`
  it.each([
    ['metadata nested 5,000 deep (10 KB, which would overflow the stack when hashed)', withField(`"metadata":{"x":${nested(5000)}}`), 'request body nests deeper than 32 levels', 'metadata.x.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0'],
    ['a lone surrogate in paymentReference', withField('"paymentReference":"\\ud800x"'), 'paymentReference: contains a lone UTF-16 surrogate', 'paymentReference'],
    ['a lone surrogate in a metadata key', withField('"metadata":{"\\udc00":"x"}'), 'a key contains a lone UTF-16 surrogate', 'metadata'],
  ])('%s is a 400 naming where, and writes nothing', async (_, body, message, param) => {
    const before = count()
    for (const key of [undefined, 'deep-or-broken']) {
      const res = await post('/api/service/payout/create', body, { 'Content-Type': 'application/json', ...(key && { 'Idempotency-Key': key }) })
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ code: 'VALIDATION', message, param })
    }
    expect(count()).toBe(before)
  })

  it('nesting up to the limit and well-formed astral characters are fine', async () => {
    const res = await post('/api/service/payout/create', JSON.stringify({ ...openLoop(2), paymentReference: 'Thanks 🎉', metadata: { x: JSON.parse(nested(30)) } }), { 'Content-Type': 'application/json' })
    expect(res.status).toBe(200)
    const again = await (await fetch(`${url}/api/service/payout/retrieve`, { method: 'POST', headers: { 'X-Ivy-Api-Key': h.key, 'Content-Type': 'application/json' }, body: JSON.stringify({ id: res.body.id }) })).json()
    expect(again.paymentReference).toBe('Thanks 🎉')
    expect(again.metadata).toEqual({ x: JSON.parse(nested(30)) })
  })

  it('the inbox gets the exact bytes sent, so a signature over them checks', async () => {
    await h.post('/api/service/webhook-subscription/create', { url: `${url}/sandbox/inbox/bytes` })
    const bytes = '{ "id" :  "not-an-event" }'
    const res = await post('/sandbox/inbox/bytes', bytes, { 'Content-Type': 'application/json', 'X-Ivy-Signature': hmacHex(bytes, h.merchant.secret) })
    expect(res.body).toEqual({ received: true, signatureValid: true })
    const listed = await (await fetch(`${url}/sandbox/inbox/bytes`, { headers: { 'X-Ivy-Api-Key': h.key } })).json()
    expect(listed.items[0].body).toEqual({ id: 'not-an-event' })
    expect(h.rt.db.sqlite.prepare("select body from inbox where name = 'bytes'").get()).toEqual({ body: '{ "id" :  "not-an-event" }' })
  })
})
