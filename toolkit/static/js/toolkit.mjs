// Progressive enhancement only: every page works without JavaScript.
// On public pages the NHS.UK script (about 12 KB compressed) is fetched only when the page has
// a component that needs it: exclusive checkboxes and the error summary (it moves focus to itself).
// Conditional questions ("Other, please specify") and the character count are done by the few lines
// below instead, so a page of questions stays under 10 KB. Plain radios, checkboxes and the skip
// link work without it, and every public form is safe to send twice (the server keys each
// submission), so the buttons' double-click guard is not worth the download there. Staff pages
// always load it.
const WORK_WITHOUT_SCRIPT = ['nhsuk-skip-link', 'nhsuk-button', 'nhsuk-radios', 'nhsuk-checkboxes', 'nhsuk-character-count']
const NEED_SCRIPT = '[data-behaviour]'

function needsScript () {
  if (document.body.dataset.toolkitScript === 'always') return true
  const modules = [...document.querySelectorAll('[data-module]')].map((element) => element.dataset.module)
  return modules.some((name) => !WORK_WITHOUT_SCRIPT.includes(name)) || document.querySelector(NEED_SCRIPT) !== null
}

// Each choice that reveals a question controls it (aria-controls). No aria-expanded: it is not
// allowed on a radio or checkbox (ARIA 1.2; axe's aria-allowed-attr), which is why GOV.UK Frontend
// dropped it from conditional reveals. Without JavaScript the body has no
// `nhsuk-frontend-supported` class, so the stylesheet never hides the question in the first place.
function revealConditionals () {
  const choices = [...document.querySelectorAll('input[data-aria-controls], input[aria-controls]')]
    .map((input) => [input, document.getElementById(input.dataset.ariaControls || input.getAttribute('aria-controls'))])
    .filter(([, target]) => target !== null)
  if (choices.length === 0) return
  const sync = () => {
    for (const [input, target] of choices) {
      target.classList.toggle(hiddenClass(target), !input.checked)
    }
  }
  for (const [input, target] of choices) {
    input.setAttribute('aria-controls', target.id)
    delete input.dataset.ariaControls
  }
  document.addEventListener('change', sync) // a radio that is unticked fires nothing: sync them all
  window.addEventListener('pageshow', sync) // "back" restores ticks after the page has loaded
  sync()
}

// As the NHS.UK character count does, in the page's language (the server writes its messages
// into data-i18n.* attributes, one per plural category): the limit stays in the hint for screen
// readers, a visible count replaces it, and a polite live region says the count once typing
// pauses. Without JavaScript the hint says the limit and the server checks it.
function countCharacters () {
  const plural = new Intl.PluralRules(document.documentElement.lang || 'en')
  for (const root of document.querySelectorAll('[data-module="nhsuk-character-count"][data-maxlength]')) {
    const textarea = root.querySelector('.nhsuk-js-character-count')
    const hint = textarea && document.getElementById(`${textarea.id}-info`)
    if (!hint) continue
    const limit = Number(root.dataset.maxlength)
    const words = (key, count) => {
      const text = root.getAttribute(`data-i18n.${key}.${plural.select(count)}`) ?? root.getAttribute(`data-i18n.${key}.other`) ?? root.getAttribute(`data-i18n.${key}`) ?? ''
      return text.replace('%{count}', count.toLocaleString(document.documentElement.lang || undefined))
    }
    const visible = document.createElement('div')
    visible.className = 'nhsuk-hint nhsuk-character-count__status'
    visible.setAttribute('aria-hidden', 'true')
    const spoken = document.createElement('div')
    spoken.className = 'nhsuk-character-count__sr-status nhsuk-u-visually-hidden'
    spoken.setAttribute('aria-live', 'polite')
    hint.after(visible, spoken)
    hint.classList.add('nhsuk-u-visually-hidden')
    root.setAttribute('data-nhsuk-character-count-init', '') // the stylesheet shows the count once this is set
    const ownError = root.querySelector('.nhsuk-error-message') !== null
    let pause
    const update = () => {
      const left = limit - [...textarea.value].length
      const message = left === 0 ? words('characters-at-limit', 0) : left > 0 ? words('characters-under-limit', left) : words('characters-over-limit', -left)
      visible.textContent = message
      visible.classList.toggle('nhsuk-error-message', left < 0)
      visible.classList.toggle('nhsuk-hint', left >= 0)
      if (!ownError) textarea.classList.toggle('nhsuk-textarea--error', left < 0)
      clearTimeout(pause)
      pause = setTimeout(() => { spoken.textContent = message }, 1000)
    }
    textarea.addEventListener('input', update)
    window.addEventListener('pageshow', update)
    update()
  }
}

function hiddenClass (target) {
  return target.classList.contains('nhsuk-radios__conditional') ? 'nhsuk-radios__conditional--hidden' : 'nhsuk-checkboxes__conditional--hidden'
}

// The NHS.UK radios and checkboxes as they are (checkboxes keep "none of these" exclusive), except
// that a conditional reveal is shown and hidden as revealConditionals does: no aria-expanded.
function withoutAriaExpanded (Base) {
  return class extends Base {
    syncConditionalRevealWithInputState (input) {
      const target = document.getElementById(input.getAttribute('aria-controls'))
      if (target) target.classList.toggle(hiddenClass(target), !input.checked)
    }
  }
}

// What initAll does, with the radios and checkboxes above.
function initNhsuk (nhsuk) {
  const components = [
    nhsuk.Button, nhsuk.CharacterCount, withoutAriaExpanded(nhsuk.Checkboxes), nhsuk.Code, nhsuk.ErrorSummary,
    nhsuk.FileUpload, nhsuk.Header, nhsuk.NotificationBanner, nhsuk.PasswordInput, withoutAriaExpanded(nhsuk.Radios),
    nhsuk.Scroll, nhsuk.SkipLink, nhsuk.Table, nhsuk.Tabs
  ]
  if (!nhsuk.isSupported()) return
  for (const Component of components) nhsuk.createAll(Component)
}

if (needsScript()) {
  initNhsuk(await import('../nhsuk/nhsuk-frontend.min.js'))
} else {
  revealConditionals()
  countCharacters()
}
