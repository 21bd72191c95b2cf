/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The frame of every page: navigation, the sticky clock panel of the merchant shown, the flash
// left by the last action, and the page itself.
import type { Child, PropsWithChildren } from 'hono/jsx'
import type { MerchantRow } from '../db/schema.js'
import { DEFAULT_MERCHANT } from '../merchants/service.js'
import type { ClockView } from '../sim/clock.js'
import { sandboxTime } from './format.js'
import type { LiveKind } from '../live/feed.js'
import type { Flash } from './navigation.js'
import { ActionForm, Badge, CurrentPage } from './ui.js'

export const NAV = [
  { href: '/', label: 'Payouts' },
  { href: '/orders', label: 'Orders' },
  { href: '/money', label: 'Money' },
  { href: '/webhooks', label: 'Webhooks' },
  { href: '/requests', label: 'Requests' },
  { href: '/scenario', label: 'Scenario' },
  { href: '/coverage', label: 'Coverage' },
  { href: '/merchant', label: 'Merchant' },
  { href: '/docs', label: 'API reference' },
] as const
export type NavHref = (typeof NAV)[number]['href']

/** The buttons of the clock panel: durations as the clock endpoint takes them. */
const ADVANCE_BY = [
  ['1m', '+1 min'],
  ['1h', '+1 h'],
  ['1d', '+1 day'],
  ['6d', '+6 days'],
] as const

/** What the frame shows around any page. */
export interface Chrome {
  merchant: MerchantRow
  clock: ClockView
  /** Path and query of this page, where its forms come back to. */
  page: string
  flash?: Flash
}

function ClockPanel(props: { clock: ClockView }) {
  const { clock } = props
  const frozen = clock.mode === 'frozen'
  return (
    <ActionForm action="/dashboard/clock/advance" class="clock">
      <div class="clock-time">
        <span class="clock-label">Sandbox time</span>
        <time id="sandbox-now" datetime={clock.now} data-mode={clock.mode} data-speed={String(clock.speed)}>
          {sandboxTime(clock.now)}
        </time>
        <span class="clock-zone">UTC</span>
        <Badge kind={clock.mode}>{frozen ? 'frozen' : clock.speed === 1 ? 'realtime' : `realtime ×${clock.speed}`}</Badge>
      </div>
      <div class="clock-buttons">
        {ADVANCE_BY.map(([by, label]) => (
          <button type="submit" name="by" value={by} class="button">
            {label}
          </button>
        ))}
        <button type="submit" formaction={frozen ? '/dashboard/clock/resume' : '/dashboard/clock/freeze'} class="button button-quiet">
          {frozen ? 'Resume' : 'Freeze'}
        </button>
      </div>
    </ActionForm>
  )
}

/**
 * `live`: what the page shows that changes (besides the clock panel, kept current on every page
 * that has `live`, even empty); dashboard.js re-reads the page when the sandbox says one of them
 * changed. None for the answer to a form post, which cannot be read again.
 */
export function Layout(props: PropsWithChildren<{ title: string; nav: NavHref; chrome: Chrome; head?: Child; live?: readonly LiveKind[] }>) {
  const { merchant, clock, page, flash } = props.chrome
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Ivy sandbox</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/dashboard.css" />
        {props.head}
      </head>
      <body>
        <CurrentPage.Provider value={page}>
          <a href="#main" class="skip-link">
            Skip to content
          </a>
          <header class="top">
            <div class="bar">
              <a href="/" class="brand">
                <span class="brand-mark">ivy</span> sandbox
              </a>
              <nav>
                {NAV.map((item) => (
                  <a href={item.href} aria-current={item.href === props.nav ? 'page' : undefined}>
                    {item.label}
                  </a>
                ))}
              </nav>
              <a href="/merchant" class="merchant-chip" title="Switch merchant">
                {merchant.name}
                {merchant.id === DEFAULT_MERCHANT.id ? <span class="muted"> · default</span> : null}
              </a>
            </div>
            <ClockPanel clock={clock} />
          </header>
          <main id="main" tabindex={-1} data-live={props.live?.join(' ')}>
            {flash ? (
              <p class={`flash flash-${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'}>
                {flash.message}
              </p>
            ) : null}
            {props.children}
          </main>
        </CurrentPage.Provider>
        <script src="/assets/dashboard.js" defer></script>
      </body>
    </html>
  )
}
