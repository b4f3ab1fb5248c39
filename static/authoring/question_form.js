// Question admin: show only the fields that belong to the chosen type.
// Loaded in <head> by the admin's form media, so it waits for the form to exist.
// The Choices inline is never hidden while it holds an error or a written choice: switching a
// choice question to another type would otherwise hide the very rows the save refuses over.
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
  function choicesHeld() {
    if (choices.querySelector(".errorlist, .errors")) return true;
    return [...choices.querySelectorAll("tr.form-row:not(.empty-form)")].some((row) => {
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
    const wanted = type === "single_choice" || type === "multiple_response";
    const held = !wanted && choicesHeld();
    choices.classList.toggle("qtype-off", !wanted && !held);
    if (note) note.hidden = !held;
  }
  select.addEventListener("change", update);
  if (choices) choices.addEventListener("change", update);
  update();
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
