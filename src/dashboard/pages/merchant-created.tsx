/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The answer to "New merchant": its key and secret, shown here once (the form's answer is a
// page, not a redirect, so they never land in an address or the browser history).
import type { Merchant } from '../../merchants/schemas.js'
import { ActionForm, Copyable, Fields, Section } from '../ui.js'

export function MerchantCreatedPage(props: { merchant: Merchant }) {
  const { merchant } = props
  return (
    <>
      <div class="page-head">
        <h1>Created {merchant.name}</h1>
        <p class="muted">Copy its API key now: this page is the only one that shows it until you switch to the merchant.</p>
      </div>
      <Section title="Credentials">
        <Fields
          rows={[
            ['API key', <Copyable id="new-api-key" value={merchant.apiKey} what="the new API key" />],
            ['Webhook signing secret', <Copyable id="new-webhook-secret" value={merchant.webhookSecret} what="the new webhook signing secret" />],
            ['Id', <Copyable id="new-merchant-id" value={merchant.id} what="the new merchant id" />],
            ['Scenario', merchant.scenario],
          ]}
        />
        <ActionForm action="/dashboard/merchant" class="below">
          <input type="hidden" name="apiKey" value={merchant.apiKey} />
          <button type="submit" class="button">
            Show this merchant
          </button>
        </ActionForm>
      </Section>
    </>
  )
}
