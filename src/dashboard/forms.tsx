/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The forms that create things (payouts, orders, top-ups, merchants), shared by the pages that
// offer them. Each posts to a dashboard action that validates with the API's own schema.
import { CURRENCIES } from '../lib/money.js'
import { SHORTCUT_STATUSES } from '../orders/schemas.js'
import { PAYOUT_TYPES } from '../payouts/schemas.js'
import { ActionForm } from './ui.js'

function Field(props: { label: string; name: string; type?: string; value?: string; placeholder?: string; required?: boolean; wide?: boolean; step?: string }) {
  return (
    <label class={props.wide ? 'wide' : undefined}>
      {props.label}
      <input
        type={props.type ?? 'text'}
        name={props.name}
        value={props.value}
        placeholder={props.placeholder}
        required={props.required}
        step={props.step}
        min={props.type === 'number' ? '0.01' : undefined}
        autocomplete="off"
        spellcheck={false}
      />
    </label>
  )
}

function Choice(props: { label: string; name: string; options: readonly string[]; selected?: string; any?: string }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.any ? <option value="">{props.any}</option> : null}
        {props.options.map((option) => (
          <option value={option} selected={option === props.selected}>
            {option}
          </option>
        ))}
      </select>
    </label>
  )
}

const Amount = () => <Field label="Amount" name="amount" type="number" step="any" placeholder="25.00" required />

/** Open loop: any account, by IBAN. */
export function OpenLoopPayoutForm() {
  return (
    <ActionForm action="/dashboard/payouts" class="create-form">
      <input type="hidden" name="loop" value="open" />
      <Amount />
      <Choice label="Currency" name="currency" options={CURRENCIES} selected="EUR" />
      <Field label="Account holder" name="accountHolderName" placeholder="Jane Doe" required />
      <Field label="IBAN" name="iban" placeholder="DE89 3704 0044 0532 0130 00" required />
      <Field label="Payment reference" name="paymentReference" placeholder="Refund order 4711" />
      <Choice label="Type" name="type" options={PAYOUT_TYPES} selected="customer" />
      <div class="actions">
        <button type="submit" class="button">
          Create payout
        </button>
      </div>
    </ActionForm>
  )
}

/** Closed loop: back to the payer of a paid order. */
export function ClosedLoopPayoutForm(props: { orderId?: string; currency?: string }) {
  return (
    <ActionForm action="/dashboard/payouts" class="create-form">
      <input type="hidden" name="loop" value="closed" />
      <Field label="Order id or referenceId" name="orderId" value={props.orderId} required />
      <Amount />
      <Choice label="Currency" name="currency" options={CURRENCIES} selected={props.currency ?? 'EUR'} />
      <Field label="Payment reference" name="paymentReference" placeholder="Refund order 4711" />
      <div class="actions">
        <button type="submit" class="button">
          Pay back the order
        </button>
      </div>
    </ActionForm>
  )
}

export function OrderForm() {
  return (
    <ActionForm action="/dashboard/orders" class="create-form">
      <Amount />
      <Choice label="Currency" name="currency" options={CURRENCIES} selected="EUR" />
      <Field label="Reference id" name="referenceId" placeholder="made up when empty" />
      <Choice label="Status" name="status" options={SHORTCUT_STATUSES} selected="paid" />
      <div class="actions">
        <button type="submit" class="button">
          Create order
        </button>
        <span class="muted small">A paid order credits the balance; its payer is made up.</span>
      </div>
    </ActionForm>
  )
}

export function TopUpForm() {
  return (
    <ActionForm action="/dashboard/balance/top-up" class="create-form">
      <Amount />
      <Choice label="Currency" name="currency" options={CURRENCIES} selected="EUR" />
      <div class="actions">
        <button type="submit" class="button">
          Top up
        </button>
      </div>
    </ActionForm>
  )
}

export function MerchantForm(props: { scenarios: readonly string[] }) {
  return (
    <ActionForm action="/dashboard/merchants" class="create-form">
      <Field label="Name" name="name" placeholder="Acme Refunds" />
      <Choice label="Scenario" name="scenario" options={props.scenarios} selected="default" />
      <div class="actions">
        <button type="submit" class="button">
          Create merchant
        </button>
      </div>
    </ActionForm>
  )
}
