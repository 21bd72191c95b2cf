/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The question an action that cannot be undone asks when the page's own dialog did not (no
// JavaScript): the same form again, every field kept, with "confirmed" added.
import type { Confirmation } from '../ui.js'

export function ConfirmPage(props: { action: string; fields: Record<string, string>; confirmation: Confirmation; back: string }) {
  return (
    <>
      <div class="page-head">
        <h1>{props.confirmation.confirm}?</h1>
      </div>
      <section class="card confirm">
        <p>{props.confirmation.question}</p>
        <form method="post" action={props.action} class="inline-form">
          {Object.entries(props.fields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="confirmed" value="yes" />
          <button type="submit" class="button button-danger">
            {props.confirmation.confirm}
          </button>
          <a href={props.back} class="button button-quiet">
            Keep it
          </a>
        </form>
      </section>
    </>
  )
}
