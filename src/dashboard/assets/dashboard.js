// Small enhancements; every page reads and works without them.

// Copy buttons show only where they work (dashboard.css).
document.documentElement.classList.add('js')

// A realtime sandbox clock keeps ticking between page loads (and after a live update swaps the
// panel: the element is looked up on every tick, each counted from when it was first seen).
const format = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'medium' })
const firstSeen = new WeakMap()
setInterval(() => {
  const clock = document.getElementById('sandbox-now')
  if (!clock || clock.dataset.mode !== 'realtime') return
  if (!firstSeen.has(clock)) firstSeen.set(clock, performance.now())
  const shown = Date.parse(clock.getAttribute('datetime'))
  // Swedish dates read "2026-03-02 10:00:05", the form the server writes.
  clock.textContent = format.format(shown + Math.floor((performance.now() - firstSeen.get(clock)) * Number(clock.dataset.speed)))
}, 250)

// Live pages. <main data-live="payouts webhooks"> names what the page shows; the sandbox says
// over one EventSource (GET /dashboard/live) when any of it, or the clock, changed, and the page
// re-reads itself and swaps in its main region and clock panel. Without JavaScript the page is
// the same, as of its loading.
const main = document.getElementById('main')
if (main && main.dataset.live !== undefined && window.EventSource) {
  const shows = main.dataset.live.split(' ').filter(Boolean)
  const MAX_FAILURES = 10
  let source = null
  let failures = 0
  let connectedBefore = false
  let reading = false
  let pending = null

  // What someone is doing in the main region is not thrown away: while a field there has focus
  // or differs from how the page drew it, or a confirmation dialog is open, the region is held
  // and re-read once they are done (a submitted form leaves the page anyway).
  const drawn = (field) => {
    if (field.type === 'hidden') return true
    if (field.matches('select')) {
      const initial = [...field.options].findIndex((option) => option.defaultSelected)
      return field.selectedIndex === (initial === -1 ? 0 : initial)
    }
    if (field.matches('input[type=checkbox], input[type=radio]')) return field.checked === field.defaultChecked
    return field.value === field.defaultValue
  }
  const busy = () =>
    Boolean(document.querySelector('dialog[open]')) ||
    (main.contains(document.activeElement) && document.activeElement.matches('input, textarea, select')) ||
    ![...main.querySelectorAll('input, textarea, select')].every(drawn)
  let held = false
  const release = () =>
    setTimeout(() => {
      if (held && !busy()) {
        held = false
        reread(true)
      }
    })
  main.addEventListener('focusout', release)
  document.addEventListener('close', release, true)

  const swap = (page, withMain) => {
    const panel = page.querySelector('header .clock')
    const current = document.querySelector('header .clock')
    if (panel && current && !current.contains(document.activeElement)) current.replaceWith(panel)
    const fresh = page.getElementById('main')
    if (!withMain || !fresh) return
    const open = [...main.querySelectorAll('details')].map((d) => d.open)
    main.replaceChildren(...fresh.childNodes)
    main.querySelectorAll('details').forEach((d, i) => (d.open = open[i] ?? d.open))
  }

  const reread = async (withMain) => {
    if (reading) return void (pending = pending || withMain)
    if (withMain) {
      held = busy()
      withMain = !held
    }
    reading = true
    try {
      const response = await fetch(location.href, { headers: { accept: 'text/html' } })
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        // Looked at again: the answer may come after someone started typing.
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html')
        if (withMain && busy()) {
          held = true
          withMain = false
        }
        swap(fresh, withMain)
      }
    } catch {
      // The sandbox went away: the page stays as it is; the stream's reconnects say when it is back.
    } finally {
      reading = false
      if (pending !== null) {
        const again = pending
        pending = null
        reread(again)
      }
    }
  }

  const connect = () => {
    source = new EventSource(`/dashboard/live?on=${['clock', ...shows].join(',')}`)
    source.addEventListener('ready', () => {
      failures = 0
      // Reconnected (after a drop, or coming back to the tab): catch up on what was missed. A page
      // that shows nothing live (the API reference, drawn by its own script) keeps its main region.
      if (connectedBefore) reread(shows.length > 0)
      connectedBefore = true
    })
    source.addEventListener('change', (event) => reread(event.data.split(' ').some((kind) => shows.includes(kind))))
    source.addEventListener('error', () => {
      // The browser reconnects by itself; a sandbox gone for good is not retried forever.
      if (++failures >= MAX_FAILURES || source.readyState === EventSource.CLOSED) disconnect()
    })
  }
  const disconnect = () => {
    source?.close()
    source = null
  }
  // A tab in the background holds no connection (browsers allow six per host).
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) disconnect()
    else if (!source) connect()
  })
  if (!document.hidden) connect()
}

// A click anywhere on a payout row opens it (the row's first cell is the plain link).
document.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-href]')
  if (!row || event.target.closest('a, button, input, select, summary') || String(getSelection())) return
  location.href = row.dataset.href
})

// A refused scenario: the editor keeps the text as typed; put the cursor where the error is.
const editor = document.querySelector('textarea[data-error-line]')
if (editor) {
  const lines = editor.value.split('\n')
  const line = Number(editor.dataset.errorLine)
  const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + Number(editor.dataset.errorColumn) - 1
  editor.focus()
  editor.setSelectionRange(offset, Math.min(offset + 1, editor.value.length))
  editor.scrollTop = Math.max(0, (line - 3) * parseFloat(getComputedStyle(editor).lineHeight))
}

// "Copy" buttons put the text of the element they name on the clipboard.
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]')
  if (!button) return
  const text = document.getElementById(button.dataset.copy)?.textContent ?? ''
  navigator.clipboard?.writeText(text).then(() => {
    const label = button.textContent
    button.textContent = 'Copied'
    setTimeout(() => (button.textContent = label), 1500)
  })
})

// A form that cannot be undone asks in a dialog first (without JavaScript the server asks on a
// page of its own); going ahead sends it with "confirmed", so the server does not ask again.
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!form.dataset.confirm || form.querySelector('input[name=confirmed]')) return
  event.preventDefault()
  const dialog = document.createElement('dialog')
  dialog.className = 'confirm-dialog'
  dialog.setAttribute('aria-labelledby', 'confirm-question')
  const question = document.createElement('p')
  question.id = 'confirm-question'
  question.textContent = form.dataset.confirm
  const buttons = document.createElement('form')
  buttons.method = 'dialog'
  buttons.className = 'inline-form'
  const keep = Object.assign(document.createElement('button'), { value: 'keep', className: 'button button-quiet', textContent: 'Keep it' })
  const go = Object.assign(document.createElement('button'), { value: 'go', className: 'button button-danger', textContent: form.dataset.confirmButton })
  buttons.append(go, keep)
  dialog.append(question, buttons)
  document.body.append(dialog)
  const submitter = event.submitter
  dialog.addEventListener('close', () => {
    dialog.remove()
    if (dialog.returnValue !== 'go') return
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'confirmed', value: 'yes' }))
    form.requestSubmit(submitter && form.contains(submitter) ? submitter : undefined)
  })
  dialog.showModal()
  keep.focus()
})

// A refused form comes back from the server empty (post, redirect, get): put back what was typed
// into the same form (same action, same hidden fields), once, when the page shows an error.
const TYPED = 'ivy-sandbox-typed'
const hiddenOf = (form) => JSON.stringify([...form.querySelectorAll('input[type=hidden]:not([name=back])')].map((input) => [input.name, input.value]))
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!form.matches('form.create-form')) return
  const fields = [...new FormData(form)].filter(([name, value]) => typeof value === 'string' && name !== 'back')
  sessionStorage.setItem(TYPED, JSON.stringify({ action: form.getAttribute('action'), hidden: hiddenOf(form), fields }))
})
const typed = JSON.parse(sessionStorage.getItem(TYPED) ?? 'null')
sessionStorage.removeItem(TYPED)
if (typed && document.querySelector('.flash-error')) {
  const form = [...document.querySelectorAll('form.create-form')].find((f) => f.getAttribute('action') === typed.action && hiddenOf(f) === typed.hidden)
  for (const [name, value] of form ? typed.fields : []) {
    const field = form.elements.namedItem(name)
    if (field && field.type !== 'hidden') field.value = value
  }
}
