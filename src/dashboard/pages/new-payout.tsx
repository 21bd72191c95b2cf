/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// A payout made from the dashboard, as payout/create makes it: open loop to an IBAN, or closed
// loop back to the payer of an order.
import { ClosedLoopPayoutForm, OpenLoopPayoutForm } from '../forms.js'
import { Section } from '../ui.js'

export function NewPayoutPage() {
  return (
    <>
      <p class="crumbs">
        <a href="/">Payouts</a> / new
      </p>
      <div class="page-head">
        <h1>New payout</h1>
        <p class="muted">Made as payout/create makes it, checked by the same rules; the merchant's scenario decides what happens next.</p>
      </div>
      <Section title="To an account" aside={<span class="muted small">open loop, by IBAN</span>}>
        <OpenLoopPayoutForm />
      </Section>
      <Section title="Back to an order's payer" aside={<a href="/orders" class="small">Orders →</a>}>
        <ClosedLoopPayoutForm />
      </Section>
    </>
  )
}
