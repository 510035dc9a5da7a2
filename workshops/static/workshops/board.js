// Progressive enhancement for the board. Without JavaScript each note's "Move note" form
// posts and the page reloads. With it:
// - a note can be dragged onto a theme (or back to "Not in a theme yet"); the move is
//   posted to the same endpoint as the form, with the form's CSRF token, asking for JSON;
// - the "Move note" and "Agree: move to" forms do the same without a reload, so the
//   board stays keyboard-operable; the result is announced in the status region;
// - if the server does not confirm a move, the note goes back where it was, with a message;
// - new notes captured elsewhere appear in place: the page polls notes.json and, when
//   there are new ones, fetches the board again and adds the notes it has not shown yet.
// Every message comes from the page (data-* attributes) so it is already translated.
import { postForJson } from './post.js'

const POLL_MS = 5000

const board = document.querySelector('[data-board]')
const status = document.getElementById('board-status')
let dragged = null
let lastId = board ? Number(board.dataset.lastId) || 0 : 0

// Cleared first, so the same words said twice (two notes moved to one theme) are announced twice.
function say (text) {
  status.textContent = ''
  window.setTimeout(() => { status.textContent = text }, 100)
}

function groupOf (themeId) {
  return Array.from(board.querySelectorAll('section[data-theme-id]')).find((s) => s.dataset.themeId === String(themeId))
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

function putBack (note, place) {
  if (place.next && place.next.parentElement === place.parent) place.parent.insertBefore(note, place.next)
  else place.parent.append(note)
  showEmptyMessages()
}

async function post (form, themeId) {
  const fields = new FormData(form)
  fields.set(themeField(form).name, themeId)
  const { response, json } = await postForJson(form.action, fields)
  if (!response.ok || !json) throw new Error('not moved: ' + response.status)
  return response.json()
}

function showMoved (note, data) {
  for (const [key, text] of Object.entries(data.counts)) {
    const section = groupOf(key)
    if (section) section.querySelector('[data-count]').textContent = text
  }
  const field = themeField(moveForm(note))
  field.value = data.theme_id === null ? '' : String(data.theme_id)
  for (const suggestion of note.querySelectorAll('form[data-suggestion]')) suggestion.remove()
  say(data.message)
}

// Move the note at once, then ask the server; undo the move if the server does not confirm it.
async function move (note, themeId, form) {
  const target = groupOf(themeId)
  if (!target) { form.submit(); return } // a theme this page does not show yet: let the page reload
  if (target.contains(note)) return
  const place = { parent: note.parentElement, next: note.nextElementSibling }
  target.querySelector('[data-notes]').append(note)
  showEmptyMessages()
  note.focus()
  try {
    showMoved(note, await post(form, themeId))
  } catch {
    putBack(note, place)
    note.focus()
    say(board.dataset.moveFailed)
  }
}

function enhanceNote (note) {
  note.draggable = true
}

function onSubmit (event) {
  const form = event.target.closest('form[data-move-note]')
  if (!form) return
  event.preventDefault()
  move(form.closest('li[data-note-id]'), themeField(form).value, form)
}

function onDragStart (event) {
  const note = event.target.closest && event.target.closest('li[data-note-id]')
  if (!note) return
  dragged = note
  note.classList.add('workshop-board__note--dragging')
  event.dataTransfer.effectAllowed = 'move'
  event.dataTransfer.setData('text/plain', note.id)
}

function onDragEnd () {
  if (dragged) dragged.classList.remove('workshop-board__note--dragging')
  dragged = null
  for (const section of board.querySelectorAll('.workshop-board__group--over')) section.classList.remove('workshop-board__group--over')
}

function onDragOver (event) {
  const section = dragged && event.target.closest('section[data-theme-id]')
  if (!section) return
  event.preventDefault()
  event.dataTransfer.dropEffect = 'move'
  section.classList.add('workshop-board__group--over')
}

function onDragLeave (event) {
  const section = event.target.closest('section[data-theme-id]')
  if (section && !section.contains(event.relatedTarget)) section.classList.remove('workshop-board__group--over')
}

function onDrop (event) {
  const section = dragged && event.target.closest('section[data-theme-id]')
  if (!section) return
  event.preventDefault()
  const note = dragged
  onDragEnd()
  move(note, section.dataset.themeId, moveForm(note))
}

async function fetchBoard () {
  const response = await fetch(window.location.pathname, { credentials: 'same-origin' })
  if (!response.ok) return null
  return new DOMParser().parseFromString(await response.text(), 'text/html')
}

function addNewNotes (page) {
  let added = 0
  let unknownTheme = false
  for (const item of page.querySelectorAll('[data-board] li[data-note-id]')) {
    lastId = Math.max(lastId, Number(item.dataset.noteId))
    if (document.getElementById(item.id)) continue
    const target = groupOf(item.closest('section').dataset.themeId)
    if (!target) { unknownTheme = true; continue }
    const note = document.importNode(item, true)
    enhanceNote(note)
    target.querySelector('[data-notes]').append(note)
    added += 1
  }
  for (const section of page.querySelectorAll('[data-board] section[data-theme-id]')) {
    const here = groupOf(section.dataset.themeId)
    if (here) here.querySelector('[data-count]').textContent = section.querySelector('[data-count]').textContent
  }
  showEmptyMessages()
  if (unknownTheme) say(board.dataset.newThemes)
  else if (added) say(board.dataset.newNotes)
}

async function poll () {
  if (dragged || !navigator.onLine) return
  try {
    const response = await fetch(board.dataset.notesUrl + '?after=' + lastId, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    })
    if (!response.ok) return
    const data = await response.json()
    if (!data.notes.length) return
    const page = await fetchBoard()
    if (page && !dragged) addNewNotes(page)
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
  board.addEventListener('submit', onSubmit)
  board.addEventListener('dragstart', onDragStart)
  board.addEventListener('dragend', onDragEnd)
  board.addEventListener('dragover', onDragOver)
  board.addEventListener('dragleave', onDragLeave)
  board.addEventListener('drop', onDrop)
  window.setInterval(poll, POLL_MS)
}

start()
