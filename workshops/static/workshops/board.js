// Progressive enhancement for the board. Without JavaScript each note's "Move note" form
// posts and the page reloads, and the board is one column. With it:
// - on a wide screen the themes stand side by side as columns (board.css, once `data-enhanced`
//   is set here);
// - a note can be dragged onto a theme (or back to "Not in a theme yet") with Pointer Events,
//   so a mouse, a pen and a finger all work: a mouse drags the note itself, a finger or a pen
//   its handle (elsewhere a finger still scrolls the page). The move is posted to the same
//   endpoint as the form, with the form's CSRF token, asking for JSON; Escape cancels a drag;
// - the "Move note" and "Agree: move to" forms do the same without a reload, so the board
//   stays keyboard-operable; every move is announced in the polite status region;
// - if the server does not confirm a move, the note goes back where it was, with a message;
// - while the tab is visible the page polls board.json (answered 304 while nothing changed):
//   a note another facilitator moved moves here too, new notes appear in place, and a theme
//   added or deleted there is added or removed here (each note's theme list with it).
// Every message comes from the page (data-* attributes) so it is already translated.
import { postForJson } from './post.js'

const POLL_MS = 4000
const DRAG_FROM_PX = 6 // a press that moves less than this is a click, not a drag
const EDGE_PX = 48 // dragging this near the top or bottom of the window scrolls it

const board = document.querySelector('[data-board]')
const status = document.getElementById('board-status')
const pending = new Set() // notes whose move the server has not answered yet
let press = null // { note, pointerId, x, y, dragging, over }
let version = '' // the board's ETag: the page says which version it was drawn from

// Cleared first, so the same words said twice (two notes moved to one theme) are announced twice.
function say (text) {
  status.textContent = ''
  window.setTimeout(() => { status.textContent = text }, 100)
}

function groupOf (themeId) {
  const key = themeId === null || themeId === undefined ? '' : String(themeId)
  return Array.from(board.querySelectorAll('section[data-theme-id]')).find((s) => s.dataset.themeId === key)
}

function moveForm (note) {
  return note.querySelector('form[data-move-note]:not([data-suggestion])')
}

function themeField (form) {
  return form.querySelector('[name$="-theme_id"]')
}

function showEmptyMessages () {
  for (const section of board.querySelectorAll('section[data-theme-id]')) {
    section.querySelector('[data-empty]').hidden = section.querySelector('[data-notes] li') !== null
  }
}

// A note goes where the server's order (oldest first) would put it, so every board open on
// the session shows each theme's notes in the same order, and a reload changes nothing.
function place (note, section) {
  const list = section.querySelector('[data-notes]')
  const id = Number(note.dataset.noteId)
  const later = Array.from(list.children).find((li) => li !== note && Number(li.dataset.noteId) > id)
  const focused = note.contains(document.activeElement) ? document.activeElement : null
  list.insertBefore(note, later || null)
  if (focused) focused.focus() // moving an element in the page takes the focus away from it
}

function putBack (note, where) {
  if (where.next && where.next.parentElement === where.parent) where.parent.insertBefore(note, where.next)
  else where.parent.append(note)
  showEmptyMessages()
}

function showTheme (note, themeId) {
  themeField(moveForm(note)).value = themeId === null ? '' : String(themeId)
  for (const suggestion of note.querySelectorAll('form[data-suggestion]')) suggestion.remove()
}

function showCounts (counts) {
  for (const [key, text] of Object.entries(counts)) {
    const section = groupOf(key)
    if (section) section.querySelector('[data-count]').textContent = text
  }
}

async function post (form, themeId) {
  const fields = new FormData(form)
  fields.set(themeField(form).name, themeId)
  const { response, json } = await postForJson(form.action, fields)
  if (!response.ok || !json) throw new Error('not moved: ' + response.status)
  return response.json()
}

// Move the note at once, then ask the server; undo the move if the server does not confirm it.
async function move (note, themeId, form) {
  const target = groupOf(themeId)
  if (!target) { form.submit(); return } // a theme this page does not show yet: let the page reload
  if (target.contains(note)) return
  const where = { parent: note.parentElement, next: note.nextElementSibling }
  place(note, target)
  showEmptyMessages()
  note.focus()
  pending.add(note)
  // The page no longer shows the version it holds, and another board may move the note straight
  // back to it (the same version again, so a 304): forget it, so the next poll compares in full.
  version = ''
  try {
    const data = await post(form, themeId)
    showCounts(data.counts)
    showTheme(note, data.theme_id)
    say(data.message)
  } catch {
    putBack(note, where)
    note.focus()
    say(board.dataset.moveFailed)
  } finally {
    pending.delete(note)
  }
}

function onSubmit (event) {
  const form = event.target.closest('form[data-move-note]')
  if (!form) return
  event.preventDefault()
  move(form.closest('li[data-note-id]'), themeField(form).value, form)
}

// --- dragging, with Pointer Events -------------------------------------------------------

function enhanceNote (note) {
  if (note.querySelector('[data-drag-handle]')) return
  const handle = document.createElement('span')
  handle.className = 'workshop-board__handle'
  handle.dataset.dragHandle = ''
  handle.setAttribute('aria-hidden', 'true') // keyboard and screen reader users have the form
  note.prepend(handle)
}

function onPointerDown (event) {
  if (!event.isPrimary || event.button !== 0 || press) return
  const note = event.target.closest('li[data-note-id]')
  if (!note || pending.has(note) || event.target.closest('a, button, input, select, textarea, label')) return
  // A finger or a pen drags by the handle only: anywhere else it scrolls the page as usual.
  if (event.pointerType !== 'mouse' && !event.target.closest('[data-drag-handle]')) return
  press = { note, pointerId: event.pointerId, x: event.clientX, y: event.clientY, dragging: false, over: null }
  if (event.pointerType !== 'mouse') event.preventDefault() // no text selection or callout on a long press
}

function startDrag () {
  press.dragging = true
  window.getSelection().removeAllRanges()
  board.classList.add('workshop-board--dragging')
  press.note.classList.add('workshop-board__note--dragging')
}

function hover (x, y) {
  // The dragged note lets the pointer through (pointer-events: none), so this finds what is under it.
  const below = document.elementFromPoint(x, y)
  const section = below && board.contains(below) ? below.closest('section[data-theme-id]') : null
  if (section === press.over) return
  if (press.over) press.over.classList.remove('workshop-board__group--over')
  if (section) section.classList.add('workshop-board__group--over')
  press.over = section
}

function onPointerMove (event) {
  if (!press || event.pointerId !== press.pointerId) return
  const dx = event.clientX - press.x
  const dy = event.clientY - press.y
  if (!press.dragging) {
    if (Math.hypot(dx, dy) < DRAG_FROM_PX) return
    startDrag()
  }
  event.preventDefault()
  press.note.style.translate = `${dx}px ${dy}px` // CSSOM, not a style attribute: the CSP allows it
  hover(event.clientX, event.clientY)
  if (event.clientY < EDGE_PX) window.scrollBy(0, -16)
  else if (event.clientY > window.innerHeight - EDGE_PX) window.scrollBy(0, 16)
}

function endDrag () {
  const ended = press
  press = null
  if (!ended || !ended.dragging) return ended
  ended.note.style.translate = ''
  ended.note.classList.remove('workshop-board__note--dragging')
  board.classList.remove('workshop-board--dragging')
  if (ended.over) ended.over.classList.remove('workshop-board__group--over')
  return ended
}

function onPointerUp (event) {
  if (!press || event.pointerId !== press.pointerId) return
  if (press.dragging) hover(event.clientX, event.clientY)
  const ended = endDrag()
  if (ended.dragging && ended.over) move(ended.note, ended.over.dataset.themeId, moveForm(ended.note))
}

function onPointerCancel (event) {
  if (press && event.pointerId === press.pointerId) endDrag()
}

function onKeyDown (event) {
  if (event.key === 'Escape' && press && press.dragging) endDrag()
}

// --- keeping up with the other boards ----------------------------------------------------

async function fetchBoard () {
  const response = await fetch(window.location.pathname, { credentials: 'same-origin' })
  if (!response.ok) return null
  return new DOMParser().parseFromString(await response.text(), 'text/html')
}

// New notes: copied from a fresh copy of the board (`page`), each into its group.
function addNewNotes (page) {
  let added = 0
  for (const item of page.querySelectorAll('[data-board] li[data-note-id]')) {
    if (document.getElementById(item.id)) continue
    const target = groupOf(item.closest('section').dataset.themeId)
    if (!target) continue
    const note = document.importNode(item, true)
    enhanceNote(note)
    place(note, target)
    added += 1
  }
  return added > 0
}

// Themes added on another device: their sections copied, empty, from a fresh copy of the board
// (`page`) into the same place, and every note's "Theme" list made the same as there.
function addNewThemes (page) {
  const columns = board.querySelector('.workshop-board__columns')
  let previous = null
  for (const item of page.querySelectorAll('[data-board] section[data-theme-id]')) {
    let section = groupOf(item.dataset.themeId)
    if (!section) {
      section = document.importNode(item, true)
      section.querySelector('[data-notes]').replaceChildren()
      columns.insertBefore(section, previous ? previous.nextElementSibling : columns.firstElementChild)
    }
    previous = section
  }
  const fresh = page.querySelector('[data-board] form[data-move-note]:not([data-suggestion]) select')
  if (fresh) {
    for (const note of board.querySelectorAll('li[data-note-id]')) {
      const select = themeField(moveForm(note))
      const chosen = select.value
      select.replaceChildren(...Array.from(fresh.options, (option) => document.importNode(option, true)))
      select.value = chosen
      if (select.value !== chosen) select.value = ''
    }
  }
}

// Themes deleted on another device: their sections go once the notes in them have moved on
// (`follow`); false while one still holds a note, so the next poll looks again.
function dropDeletedThemes (page) {
  const kept = new Set(Array.from(page.querySelectorAll('[data-board] section[data-theme-id]'), (s) => s.dataset.themeId))
  let settled = true
  for (const section of board.querySelectorAll('section[data-theme-id]')) {
    if (kept.has(section.dataset.themeId)) continue
    if (section.querySelector('[data-notes] li')) settled = false
    else section.remove()
  }
  return settled
}

function themesDiffer (state) {
  const known = new Set(state.groups.map((group) => group.theme_id === null ? '' : String(group.theme_id)))
  const shown = Array.from(board.querySelectorAll('section[data-theme-id]'), (s) => s.dataset.themeId)
  return shown.length !== known.size || shown.some((key) => !known.has(key))
}

// Put every note where the server has it, leaving alone a note being dragged or moved here.
function follow (state) {
  let moved = 0
  let unknownNote = false
  for (const group of state.groups) {
    const section = groupOf(group.theme_id)
    if (!section) continue // a theme this page does not show yet (themesDiffer)
    for (const id of group.notes) {
      const note = document.getElementById(`note-${id}`)
      if (!note) { unknownNote = true; continue }
      if (pending.has(note) || (press && press.note === note) || section.contains(note)) continue
      place(note, section)
      showTheme(note, group.theme_id)
      moved += 1
    }
  }
  return { moved, unknownNote }
}

async function poll () {
  if (document.visibilityState !== 'visible' || press || pending.size || !navigator.onLine) return
  let state
  try {
    const response = await fetch(board.dataset.stateUrl, {
      headers: { Accept: 'application/json', 'If-None-Match': version },
      credentials: 'same-origin',
      cache: 'no-store'
    })
    const json = (response.headers.get('Content-Type') || '').includes('application/json')
    if (response.status !== 200 || !json) return // 304: nothing changed; otherwise signed out or offline
    state = await response.json()
    if (press || pending.size) return // a drag or a move began meanwhile: look again next time
    const first = follow(state)
    let moved = first.moved
    const themesChanged = themesDiffer(state)
    let added = false
    if (first.unknownNote || themesChanged) {
      const page = await fetchBoard()
      if (!page || press || pending.size) return
      if (themesChanged) addNewThemes(page)
      added = addNewNotes(page)
      const again = follow(state) // into new themes, and out of deleted ones
      moved += again.moved
      const settled = dropDeletedThemes(page)
      if (!settled || again.unknownNote || themesDiffer(state)) return // the next poll tries again
    }
    version = response.headers.get('ETag') || ''
    showCounts(state.counts)
    showEmptyMessages()
    if (themesChanged) say(board.dataset.themesChanged)
    else if (added) say(board.dataset.newNotes)
    else if (moved) say(board.dataset.movedElsewhere)
  } catch {
    // Offline or signed out: try again at the next poll.
  }
}

function start () {
  if (!board || !status) return
  board.querySelectorAll('li[data-note-id]').forEach(enhanceNote)
  const hint = document.createElement('p')
  hint.textContent = board.dataset.dragHint
  status.after(hint)
  board.dataset.enhanced = ''
  version = `"${board.dataset.version}"`
  board.addEventListener('submit', onSubmit)
  board.addEventListener('pointerdown', onPointerDown)
  board.addEventListener('dragstart', (event) => { if (press) event.preventDefault() }) // no native drag of a selection
  document.addEventListener('pointermove', onPointerMove)
  document.addEventListener('pointerup', onPointerUp)
  document.addEventListener('pointercancel', onPointerCancel)
  document.addEventListener('keydown', onKeyDown)
  document.addEventListener('visibilitychange', poll) // back to the tab: catch up at once
  window.setInterval(poll, POLL_MS)
  poll()
}

start()
