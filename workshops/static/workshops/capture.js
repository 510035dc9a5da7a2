// Progressive enhancement for the capture page (the board has board.js). Without JavaScript the
// forms post and redirect as usual. With it:
// - a note is sent in the background; if the device is offline (or the send fails) it is
//   kept in localStorage with its idempotency key and re-sent when the `online` event fires.
//   The server stores each key once, so a note re-sent after a lost reply is not duplicated.
// - the list of latest notes is refreshed every few seconds from notes.json.
import { postForJson } from './post.js'

const QUEUE_KEY = 'workshops.outbox'
const POLL_MS = 4000

function readQueue () {
  try { return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || '[]') } catch { return [] }
}

function writeQueue (queue) {
  window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue))
}

function newKey () {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replaceAll('-', '')
  const bytes = new Uint8Array(16)
  window.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

// Every message comes from the status element's data-* attributes, so it is already translated.
function say (name, count) {
  const status = document.getElementById('capture-status')
  if (status) status.textContent = (status.dataset[name] || '').replace('%(count)s', String(count))
}

// The outcome of one attempt: 'sent', 'refused' (the server will never take it) or 'retry'.
async function send (item) {
  // Anything but a JSON answer means the note was not stored: keep it and try again later.
  const { response, json } = await postForJson(item.url, item.fields)
  if (json && response.status < 300) return 'sent'
  if (response.status === 409 || (json && response.status === 400)) return 'refused'
  return 'retry'
}

let flushing = false

async function flush () {
  if (flushing || !navigator.onLine) return
  flushing = true
  try {
    let queue = readQueue()
    while (queue.length) {
      const item = queue[0]
      // After signing in again the old CSRF token is void: send with this page's token.
      const token = document.querySelector('input[name="csrf_token"]')
      if (token) item.fields.csrf_token = token.value
      let outcome
      try { outcome = await send(item) } catch { break } // still offline: keep it for later
      if (outcome === 'retry') {
        say('kept')
        break
      }
      queue = readQueue().filter((q) => q.fields.idempotency_key !== item.fields.idempotency_key)
      writeQueue(queue)
      if (outcome === 'sent') {
        say('sent')
      } else {
        restore(item.fields.text)
        say('refused')
      }
    }
    if (queue.length) say('waiting', queue.length)
  } finally {
    flushing = false
  }
  refresh()
}

function restore (text) {
  const box = document.querySelector('form[data-capture] textarea[name="text"]')
  if (box && !box.value) {
    box.value = text
    countAgain(box)
  }
}

// The NHS.UK character count recounts on `input`, which a script's change does not fire.
function countAgain (box) {
  box.dispatchEvent(new Event('input', { bubbles: true }))
}

function enhanceCapture (form) {
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const text = form.elements.text.value.trim()
    if (!text) { form.submit(); return } // let the server explain what is missing
    const fields = Object.fromEntries(new FormData(form).entries())
    const queue = readQueue()
    queue.push({ url: form.action, fields })
    writeQueue(queue)
    form.elements.text.value = ''
    countAgain(form.elements.text)
    form.elements.idempotency_key.value = newKey()
    say(navigator.onLine ? 'sending' : 'offline')
    flush()
  })
}

let lastId = 0
let notesUrl = null

async function refresh () {
  const list = document.getElementById('live-notes')
  if (!list || !notesUrl || !navigator.onLine) return
  let data
  try {
    const response = await fetch(notesUrl + '?after=' + lastId, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    if (!response.ok) return
    data = await response.json()
  } catch { return }
  for (const note of data.notes) {
    lastId = Math.max(lastId, note.id)
    if (!list.querySelector('[data-note-id="' + note.id + '"]')) {
      const item = document.createElement('li')
      item.dataset.noteId = String(note.id)
      item.append(note.text, document.createElement('br'))
      const meta = document.createElement('span')
      meta.className = 'nhsuk-body-s'
      meta.textContent = [note.table, note.topic].filter(Boolean).join(' ')
      item.append(meta)
      list.prepend(item)
    }
  }
}

function start () {
  // On the board too: notes still waiting on this device are sent from there.
  window.addEventListener('online', flush)
  const form = document.querySelector('form[data-capture]')
  if (form) {
    notesUrl = form.dataset.notesUrl
    const ids = Array.from(document.querySelectorAll('#live-notes [data-note-id]'), (li) => Number(li.dataset.noteId))
    lastId = Math.max(0, ...ids)
    enhanceCapture(form)
    window.setInterval(refresh, POLL_MS)
  }
  flush()
}

start()
