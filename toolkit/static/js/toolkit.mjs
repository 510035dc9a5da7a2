// Progressive enhancement only: every page works without JavaScript.
// On public pages the NHS.UK script (about 12 KB compressed) is fetched only when the page has
// a component that needs it: conditional questions, exclusive checkboxes, a character count,
// the error summary (it moves focus to itself). Plain radios, checkboxes and the skip link work
// without it, and every public form is safe to send twice (the server keys each submission),
// so the buttons' double-click guard is not worth the download there. Staff pages always load it.
const WORK_WITHOUT_SCRIPT = ['nhsuk-skip-link', 'nhsuk-button', 'nhsuk-radios', 'nhsuk-checkboxes']
const NEED_SCRIPT = '.nhsuk-radios__conditional, .nhsuk-checkboxes__conditional, [data-behaviour]'

function needsScript () {
  if (document.body.dataset.toolkitScript === 'always') return true
  const modules = [...document.querySelectorAll('[data-module]')].map((element) => element.dataset.module)
  return modules.some((name) => !WORK_WITHOUT_SCRIPT.includes(name)) || document.querySelector(NEED_SCRIPT) !== null
}

if (needsScript()) {
  const { initAll } = await import('../nhsuk/nhsuk-frontend.min.js')
  initAll()
}
