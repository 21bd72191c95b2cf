// Small enhancements; every page reads and works without them.

// A realtime sandbox clock keeps ticking between page loads.
const clock = document.getElementById('sandbox-now')
if (clock && clock.dataset.mode === 'realtime') {
  const shown = Date.parse(clock.getAttribute('datetime'))
  const speed = Number(clock.dataset.speed)
  const loaded = performance.now()
  // Swedish dates read "2026-03-02 10:00:05", the form the server writes.
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'medium' })
  setInterval(() => {
    clock.textContent = format.format(shown + Math.floor((performance.now() - loaded) * speed))
  }, 250)
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
