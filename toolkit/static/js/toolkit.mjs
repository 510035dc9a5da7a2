// Progressive enhancement only: every page works without JavaScript.
// The NHS.UK script (about 14 KB compressed) is fetched only on pages with a component that
// needs it: conditional questions, exclusive checkboxes, character counts, the error summary
// (it moves focus to itself), the staff menu. Plain radios, checkboxes, buttons and the skip
// link work as they are, so pages with nothing else never download it.
const WORK_WITHOUT_SCRIPT = ['nhsuk-skip-link', 'nhsuk-button', 'nhsuk-radios', 'nhsuk-checkboxes']
const NEED_SCRIPT = '.nhsuk-radios__conditional, .nhsuk-checkboxes__conditional, [data-behaviour], [data-prevent-double-click]'

const modules = [...document.querySelectorAll('[data-module]')].map((element) => element.dataset.module)
if (modules.some((name) => !WORK_WITHOUT_SCRIPT.includes(name)) || document.querySelector(NEED_SCRIPT)) {
  const { initAll } = await import('../nhsuk/nhsuk-frontend.min.js')
  initAll()
}
