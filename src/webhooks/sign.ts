// Ivy's webhook signature: lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the
// merchant's webhook signing secret. No timestamp, no prefix.
import { createHmac, timingSafeEqual } from 'node:crypto'

export function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

export function signatureMatches(body: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(sign(body, secret))
  const given = Buffer.from(signature.trim().toLowerCase())
  return expected.length === given.length && timingSafeEqual(expected, given)
}
