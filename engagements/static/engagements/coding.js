// The coding page from the keyboard. Everything works without this script (tick the codes,
// press "Save and next"); it adds a "find a code" box and shortcuts:
//   /  find a code (Enter ticks or unticks the first match)
//   1-9  tick or untick the code in that place (among the codes shown)
//   Ctrl+Enter  save and go to the next comment
//   n or j  next comment, p or k  previous comment
const form = document.querySelector("[data-coding-form]");

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) && target.type !== "checkbox");
}

function codeItems() {
  return Array.from(form.querySelectorAll(".nhsuk-checkboxes__item"));
}

function shownItems() {
  return codeItems().filter((item) => !item.classList.contains("engagement-code-hidden"));
}

function toggle(item) {
  const box = item && item.querySelector("input[type=checkbox]");
  if (box) {
    box.checked = !box.checked;
    box.focus();
  }
}

function filter(text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  for (const item of codeItems()) {
    const label = item.textContent.toLowerCase();
    item.classList.toggle("engagement-code-hidden", !words.every((word) => label.includes(word)));
  }
}

if (form) {
  const finder = form.querySelector("[data-code-find]");
  const input = form.querySelector("#code-find");
  finder.hidden = false;
  const help = document.querySelector("[data-shortcut-help]");
  if (help) help.hidden = false;

  input.addEventListener("input", () => filter(input.value));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey) {
      event.preventDefault();
      toggle(shownItems()[0]);
      input.focus();
    } else if (event.key === "Escape") {
      input.value = "";
      filter("");
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "/") {
      event.preventDefault();
      input.focus();
    } else if (/^[1-9]$/.test(event.key)) {
      event.preventDefault();
      toggle(shownItems()[Number(event.key) - 1]);
    } else if (event.key === "n" || event.key === "j") {
      const next = document.querySelector("[data-shortcut=next]");
      if (next) next.click();
    } else if (event.key === "p" || event.key === "k") {
      const previous = document.querySelector("[data-shortcut=previous]");
      if (previous) previous.click();
    }
  });
}
