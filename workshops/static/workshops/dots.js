// A participant's ballot. Without JavaScript each - and + is a submit button: the server adds or
// takes the dot and shows the page again with the counts. With it, the buttons change the number
// in place and the "dots left" counter follows, typing included. The server checks the ballot
// either way. Every message comes from the counter's data-* attributes, already translated.
const form = document.querySelector('form[data-dots]')

function count (input) {
  const value = Number.parseInt(input.value, 10)
  return Number.isFinite(value) && value > 0 ? value : 0
}

function update () {
  const dots = Number(form.dataset.dots)
  const inputs = [...form.querySelectorAll('input[name^="option_"]')]
  const left = dots - inputs.reduce((total, input) => total + count(input), 0)
  const counter = form.querySelector('[data-dots-left]')
  const text = left < 0 ? counter.dataset.over : counter.getAttribute(`data-left-${left}`)
  if (text && counter.textContent !== text) counter.textContent = text
  return left
}

function step (button) {
  const input = document.getElementById(button.dataset.dotsFor)
  const change = Number(button.dataset.dotsStep)
  if (!input) return
  if (change > 0 && update() <= 0) return
  input.value = String(Math.max(count(input) + change, 0))
  update()
}

if (form) {
  form.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-dots-step]')
    if (!button) return
    event.preventDefault()
    step(button)
  })
  form.addEventListener('input', update)
  update()
}
