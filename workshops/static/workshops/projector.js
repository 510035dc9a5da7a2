// The projector view's live tally. Without JavaScript the page has a "Refresh the tally" link;
// with it, the tally is fetched every few seconds from tally.json and the numbers and bars are
// updated in place. Every word comes from the server, already translated. When the round's
// status changes (closed from another screen) the page reloads to show its closed state.
const root = document.querySelector('[data-projector]')

function show (tally) {
  if (tally.status !== root.dataset.status) {
    window.location.reload()
    return
  }
  root.querySelector('[data-ballots]').textContent = tally.ballots_text
  for (const result of tally.results) {
    const row = root.querySelector(`[data-option="${result.id}"]`)
    if (!row) continue
    row.querySelector('[data-dots]').textContent = result.dots_text
    row.querySelector('[data-paper]').textContent = result.paper_text
    const bar = row.querySelector('progress')
    bar.max = Math.max(tally.most, 1)
    bar.value = result.dots
  }
}

async function poll () {
  try {
    const response = await fetch(root.dataset.tallyUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    if (response.ok) show(await response.json())
  } catch {
    // Offline for a moment: the next poll tries again.
  }
}

if (root) {
  const refresh = root.querySelector('[data-refresh]')
  if (refresh) refresh.hidden = true
  window.setInterval(poll, Number(root.dataset.pollMs) || 3000)
}
