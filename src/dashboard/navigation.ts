// Post/redirect/get: every form names the page it came from (`back`); the action answers with a
// 303 to that page, carrying a one-line outcome (a flash) in the query string.

export type Flash = { kind: 'notice' | 'error'; message: string }

const FLASH_KINDS = ['notice', 'error'] as const
/** Only to parse the relative paths forms send back. */
const BASE = 'http://dashboard.invalid'

/** Path and query of a page without its flash: what its forms send as `back`. */
export function pageOf(url: URL): string {
  const clean = new URL(url)
  for (const kind of FLASH_KINDS) clean.searchParams.delete(kind)
  return `${clean.pathname}${clean.search}`
}

export function readFlash(url: URL): Flash | undefined {
  for (const kind of FLASH_KINDS) {
    const message = url.searchParams.get(kind)
    if (message) return { kind, message }
  }
  return undefined
}

/** Longer than any path and query a page has; the redirect's Location header stays well under a client's header limit. */
const MAX_BACK = 2_048
/** A one-line outcome; an error can quote what was typed (a 100 KB scenario name), which the banner need not repeat whole. */
const MAX_FLASH = 500

/**
 * Path and query of `back` without its flash, so a crafted one cannot send the browser to another
 * site; a `back` no page sends (unparsable, overlong) is the start page.
 */
export function localPage(back: string): string {
  return pageOf(back.length <= MAX_BACK && URL.canParse(back, BASE) ? new URL(back, BASE) : new URL('/', BASE))
}

/** `back` (as localPage keeps it) with a one-line outcome. */
export function withFlash(back: string, flash: Flash): string {
  const url = new URL(localPage(back), BASE)
  url.searchParams.set(flash.kind, flash.message.length > MAX_FLASH ? `${flash.message.slice(0, MAX_FLASH - 1)}…` : flash.message)
  return `${url.pathname}${url.search}`
}

/** A list page's `skip`: a whole number from the query, 0 for anything else. */
export function readSkip(url: URL): number {
  const skip = Number(url.searchParams.get('skip'))
  return Number.isInteger(skip) && skip > 0 ? skip : 0
}
