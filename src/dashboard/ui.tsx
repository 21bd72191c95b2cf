/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Small pieces every page uses: status badges, action forms that know the page they came
// from, sections, key/value lists, empty states.
import { createContext, useContext, type Child, type PropsWithChildren } from 'hono/jsx'
import { words } from './format.js'

/** The page being rendered (path and query): every action form sends it as `back`. */
export const CurrentPage = createContext('/')

/** What a form that cannot be undone asks before it is sent (a dialog, or without JavaScript a page). */
export interface Confirmation {
  question: string
  /** The label of the button that goes ahead. */
  confirm: string
}

/** A POST form answered with a redirect back to this page; `confirm` asks first. */
export function ActionForm(props: PropsWithChildren<{ action: string; class?: string; confirm?: Confirmation }>) {
  return (
    <form method="post" action={props.action} class={props.class} data-confirm={props.confirm?.question} data-confirm-button={props.confirm?.confirm}>
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

export function Mono(props: { children: Child; title?: string; id?: string }) {
  return (
    <code class="mono" title={props.title} id={props.id}>
      {props.children}
    </code>
  )
}

/** Puts the text of the element `target` (an id) on the clipboard; shown only where JavaScript runs. */
export function CopyButton(props: { target: string; label: string }) {
  return (
    <button type="button" class="button button-quiet button-small copy" data-copy={props.target} aria-label={props.label}>
      Copy
    </button>
  )
}

/** An id, key or secret in monospace with its copy button; `id` names it on the page. */
export function Copyable(props: { id: string; value: string; what: string }) {
  return (
    <span class="copyable">
      <Mono id={props.id}>{props.value}</Mono> <CopyButton target={props.id} label={`Copy ${props.what}`} />
    </span>
  )
}

/**
 * A page of a list read by `read` from `skip`; a skip past the end (an old link, fewer rows since,
 * a hand-made URL) reads the last page instead, never an impossible range.
 */
export function pageWithin<Row>(skip: number, size: number, read: (skip: number) => { rows: Row[]; count: number }) {
  const page = read(skip)
  if (page.rows.length > 0 || skip === 0) return { ...page, skip }
  const last = Math.max(0, Math.floor((page.count - 1) / size) * size)
  return { ...read(last), skip: last }
}

/** "26–30 of 30" with links to the newer and older pages of a list; `href` makes a page's link from its skip. */
export function Pager(props: { skip: number; shown: number; count: number; size: number; href: (skip: number) => string }) {
  const last = props.skip + props.shown
  return (
    <footer class="pager">
      <span class="muted">
        {props.skip + 1}–{last} of {props.count}
      </span>
      <span>
        {props.skip > 0 ? (
          <a class="button button-quiet" href={props.href(Math.max(0, props.skip - props.size))} rel="prev">
            ← Newer
          </a>
        ) : null}
        {last < props.count ? (
          <a class="button button-quiet" href={props.href(last)} rel="next">
            Older →
          </a>
        ) : null}
      </span>
    </footer>
  )
}

/** A curl command in a code block, for the empty state of a list. */
export function CurlHint(props: { lead: Child; command: string }) {
  return (
    <Empty>
      <p>{props.lead}</p>
      <pre class="code">{props.command}</pre>
    </Empty>
  )
}
