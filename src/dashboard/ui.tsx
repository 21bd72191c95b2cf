/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Small pieces every page uses: status badges, action forms that know the page they came
// from, sections, key/value lists, empty states.
import { createContext, useContext, type Child, type PropsWithChildren } from 'hono/jsx'
import { words } from './format.js'

/** The page being rendered (path and query): every action form sends it as `back`. */
export const CurrentPage = createContext('/')

/** A POST form answered with a redirect back to this page. */
export function ActionForm(props: PropsWithChildren<{ action: string; class?: string }>) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <input type="hidden" name="back" value={useContext(CurrentPage)} />
      {props.children}
    </form>
  )
}

/** A table that may be wider than the screen scrolls inside this frame (by keyboard too), never the page. */
export function TableFrame(props: PropsWithChildren<{ label: string }>) {
  return (
    <div class="table-frame" tabindex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  )
}

/** A filter's select: "Any <what>" (sends nothing), then each option, the current one selected. */
export function FilterSelect(props: { name: string; label: string; any: string; options: readonly string[]; selected: string | undefined }) {
  return (
    <select name={props.name} aria-label={props.label}>
      <option value="">{props.any}</option>
      {props.options.map((option) => (
        <option value={option} selected={option === props.selected}>
          {option}
        </option>
      ))}
    </select>
  )
}

export function Badge(props: { kind: string; children: Child }) {
  return <span class={`badge badge-${props.kind}`}>{props.children}</span>
}

export function StatusBadge(props: { status: string }) {
  return <Badge kind={props.status}>{words(props.status)}</Badge>
}

export function Section(props: PropsWithChildren<{ title: string; aside?: Child; id?: string }>) {
  return (
    <section class="card" id={props.id}>
      <header class="card-head">
        <h2>{props.title}</h2>
        {props.aside}
      </header>
      {props.children}
    </section>
  )
}

/** Label/value rows; a null or empty value shows as a dash. */
export function Fields(props: { rows: Array<[string, Child]> }) {
  return (
    <dl class="fields">
      {props.rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === '' ? <span class="muted">—</span> : value}</dd>
        </>
      ))}
    </dl>
  )
}

export function Empty(props: PropsWithChildren) {
  return <div class="empty">{props.children}</div>
}

export function Mono(props: { children: Child; title?: string }) {
  return (
    <code class="mono" title={props.title}>
      {props.children}
    </code>
  )
}
