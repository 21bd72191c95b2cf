/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Rendering a page in the frame (navigation, clock panel, flash) with the headers every page
// carries: used by the page routes and by the actions that answer with a page of their own (a
// confirmation, a new merchant's key).
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import { secureHeaders } from 'hono/secure-headers'
import type { MerchantRow } from '../db/schema.js'
import type { LiveKind } from '../live/feed.js'
import type { Runtime } from '../runtime.js'
import { viewClock } from '../sim/clock.js'
import { Layout, type NavHref } from './layout.js'
import { pageOf, type Flash } from './navigation.js'

/** How a page sits in the frame. */
export interface FrameDef {
  nav: NavHref
  title: string
  head?: Child
  /** What of the page changes by itself (Layout's `live`). */
  live?: readonly LiveKind[]
}

/** A page in the frame, for `url` (its forms come back there) with an optional flash. */
export function renderPage(rt: Runtime, merchant: MerchantRow, url: URL, def: FrameDef, body: Child, flash?: Flash) {
  const chrome = { merchant, clock: viewClock(rt, merchant.id), page: pageOf(url), flash }
  return html`<!DOCTYPE html>${(
    <Layout title={def.title} nav={def.nav} chrome={chrome} head={def.head} live={def.live}>
      {body}
    </Layout>
  )}`
}

/**
 * Headers of every page: never framed (a framing page could click its buttons), scripts and
 * styles only from this origin (the dashboard's own and Swagger UI's files). Same-origin posts
 * keep their Origin (a "no-referrer" policy would send "Origin: null" and fail the form check).
 */
export const pageHeaders = secureHeaders({
  xFrameOptions: 'DENY',
  referrerPolicy: 'same-origin',
  strictTransportSecurity: false,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    // Swagger UI's stylesheet draws its icons from data: URLs.
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
})
