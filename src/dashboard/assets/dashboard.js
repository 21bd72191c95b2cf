// Small enhancements; every page reads and works without them.

// A realtime sandbox clock keeps ticking between page loads.
const clock = document.getElementById('sandbox-now')
if (clock && clock.dataset.mode === 'realtime') {
  const shown = Date.parse(clock.getAttribute('datetime'))
  const speed = Number(clock.dataset.speed)
  const loaded = performance.now()
  setInterval(() => {
    const now = shown + Math.floor((performance.now() - loaded) * speed)
    clock.textContent = new Date(now).toISOString().slice(0, 19).replace('T', ' ')
  }, 250)
}

// A click anywhere on a payout row opens it (the row's first cell is the plain link).
document.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-href]')
  if (!row || event.target.closest('a, button, input, select, summary') || String(getSelection())) return
  location.href = row.dataset.href
})
