// Requests Node's HTTP parser refuses before the app sees them still get Ivy's error body.
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, type Harness } from '../helpers/harness.js'

let h: Harness
let port: number
beforeAll(async () => {
  h = await harness()
  port = Number(new URL(await h.serve()).port)
})
afterAll(() => h.close())

/** Writes `raw` on a fresh connection and reads everything until the server closes it. */
function exchange(raw: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw))
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [head, body] = text.split('\r\n\r\n')
      let json: unknown
      try {
        json = JSON.parse(body ?? '')
      } catch {
        json = body
      }
      resolve({ status: Number(head!.split(' ')[1]), body: json })
    })
  })
}

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['headers and URL over 16 KiB', `GET /sandbox/inbox/${'a'.repeat(10_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Ivy-Api-Key: ${'k'.repeat(10_000)}\r\n\r\n`, 431],
    ['a malformed request line', 'NOT HTTP AT ALL\r\n\r\n', 400],
    ['a header name with a space', 'GET /sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: 1\r\n\r\n', 400],
  ])('%s: Ivy error body with the status', async (_, raw, status) => {
    const res = await exchange(raw)
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ code: 'VALIDATION', category: 'invalid_request_error', statusCode: status, docUrl: expect.any(String) })
    expect(res.body.message).toEqual(expect.any(String))
  })

  it('the server answers the next request as usual', async () => {
    expect((await fetch(`${await h.serve()}/sandbox/health`)).status).toBe(200)
  })
})
