// Progressive enhancement of a job's progress page: without JavaScript the page reloads
// itself (a <noscript> meta refresh); with it, the bar and the step are updated in place
// and the page is reloaded once, when the job has finished, to show the download or the error.
const POLL_MS = 1500

function start (container) {
  const url = container.dataset.jobStatusUrl
  const bar = container.querySelector('progress')
  const step = container.querySelector('[role="status"]')
  let lastText = step.textContent

  async function poll () {
    let status
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) throw new Error(String(response.status))
      status = await response.json()
    } catch {
      window.setTimeout(poll, POLL_MS * 2)
      return
    }
    if (status.finished) {
      window.location.reload()
      return
    }
    bar.value = status.percent
    bar.textContent = `${status.percent}%`
    const text = status.text
    if (text && text !== lastText) {
      step.textContent = text
      lastText = text
    }
    window.setTimeout(poll, POLL_MS)
  }
  window.setTimeout(poll, POLL_MS)
}

document.querySelectorAll('[data-job-status-url]').forEach(start)
