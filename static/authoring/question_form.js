// Question admin: show only the fields that belong to the chosen type.
// Loaded in <head> by the admin's form media, so it waits for the form to exist.
// The Choices inline is never hidden while it holds an error or a written choice: switching a
// choice question to another type would otherwise hide the very rows the save refuses over.
const CHOICE_TYPES = ["single_choice", "multiple_response"];
const CHOICE_ROWS = 4; // as many empty rows as the server gives a new choice question

document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_type");
  if (!select) return;
  const choices = document.querySelector(".choices-inline");
  const texts = document.getElementById("question-form-texts");
  let note = null;
  if (choices && texts) {
    note = document.createElement("p");
    note.className = "errornote choices-kept";
    note.setAttribute("role", "status");
    note.textContent = texts.dataset.choicesKept;
    note.hidden = true;
    choices.prepend(note);
  }
  function rows() {
    return [...choices.querySelectorAll("tr.form-row:not(.empty-form)")];
  }
  function choicesHeld() {
    if (choices.querySelector(".errorlist, .errors")) return true;
    return rows().some((row) => {
      const text = row.querySelector("input[name$='-text']");
      const deleted = row.querySelector("input[name$='-DELETE']");
      return text && text.value.trim() && !(deleted && deleted.checked);
    });
  }
  function update() {
    const type = select.value;
    document.querySelectorAll("fieldset.qtype").forEach((fs) => {
      fs.classList.toggle("qtype-off", !fs.classList.contains("qtype-" + type));
    });
    if (!choices) return;
    const wanted = CHOICE_TYPES.includes(type);
    const held = !wanted && choicesHeld();
    choices.classList.toggle("qtype-off", !wanted && !held);
    if (note) note.hidden = !held;
  }
  function fillRows() {
    // A question switched to a choice type gets its empty rows too (Django's own "add another" link).
    const add = choices && choices.querySelector(".add-row a");
    if (!add || !CHOICE_TYPES.includes(select.value)) return;
    for (let n = rows().length; n < CHOICE_ROWS; n++) add.click();
  }
  select.addEventListener("change", () => {
    update();
    fillRows();
  });
  if (choices) choices.addEventListener("change", update);
  update();
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  shortcuts(select);
  livePreview();
});

// Ctrl+S saves and keeps editing, Ctrl+Shift+S or Ctrl+Enter saves and opens a new question,
// Ctrl+Shift+C makes the prompt's selected text the next cloze deletion (Anki's keys; with Alt, the
// same number as the last one, as in Anki). The visible hint is in change_form.html.
function shortcuts(select) {
  const form = document.getElementById("question_form");
  const prompt = document.getElementById("id_prompt");
  if (!form) return;
  function submit(name) {
    const button = form.querySelector(`[type=submit][name=${name}]`);
    if (!button) return false;
    form.requestSubmit(button);
    return true;
  }
  function wrapCloze(sameNumber) {
    const numbers = [...prompt.value.matchAll(/\{\{c(\d+)::/g)].map((m) => Number(m[1]));
    const last = Math.max(0, ...numbers);
    const open = `{{c${sameNumber ? Math.max(1, last) : last + 1}::`;
    const start = prompt.selectionStart;
    const end = prompt.selectionEnd;
    const selected = prompt.value.slice(start, end);
    const replacement = open + selected + "}}";
    prompt.focus();
    prompt.setSelectionRange(start, end);
    // insertText keeps the browser's undo (Ctrl+Z) and fires "input" for the preview
    if (!document.execCommand("insertText", false, replacement)) {
      prompt.setRangeText(replacement, start, end, "end");
      prompt.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const caret = selected ? start + replacement.length : start + open.length;
    prompt.setSelectionRange(caret, caret);
    if (select.value !== "cloze") {
      select.value = "cloze";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    // Keys typed in another form on the page (a comment, the statistics) are that form's business.
    const inForm = event.target.closest && event.target.closest("form");
    if (inForm && inForm !== form) return;
    const key = event.key.toLowerCase();
    let done = false;
    if (key === "s" && !event.shiftKey) done = submit("_continue");
    else if ((key === "s" && event.shiftKey) || key === "enter") done = submit("_addanother");
    else if (key === "c" && event.shiftKey && prompt && document.activeElement === prompt) {
      wrapCloze(event.altKey);
      done = true;
    }
    if (done) event.preventDefault();
  });
  const button = document.getElementById("cloze-wrap");
  if (button && prompt) {
    prompt.after(button);
    button.hidden = false;
    button.addEventListener("click", () => wrapCloze(false));
  }
}

// The preview (htmx, change_form.html) shows a 400's message in its place instead of dropping it,
// and follows the fact picker, whose select2 widget announces changes through jQuery only.
function livePreview() {
  const preview = document.getElementById("live-preview");
  if (!preview || !window.htmx) return;
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target === preview && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  const refresh = () => window.htmx.trigger(preview, "refresh-preview");
  if (window.django && window.django.jQuery) window.django.jQuery("#id_fact").on("change", refresh);
  document.addEventListener("formset:removed", refresh);
}
