// Quiz page: keyboard use, focus after htmx swaps, the exam timer, time per question.
// Everything here is an enhancement; the forms work without it.
(function () {
  let shownAt = Date.now();

  function card() { return document.getElementById("question-card"); }

  function focusCard() {
    const el = card();
    if (!el) return;
    const target = el.querySelector(".verdict, legend, h2") || el;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
    shownAt = Date.now();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const el = card();
    if (!el) return;
    if (event.isComposing) return;  // Enter that confirms an input method's candidate is not ours
    if (event.key === "Enter" && event.target.matches("input.blank")) {
      // Several blanks: Enter moves on, and only the last one submits.
      const blanks = Array.from(el.querySelectorAll("input.blank"));
      const next = blanks[blanks.indexOf(event.target) + 1];
      if (next) { next.focus(); event.preventDefault(); }
      return;
    }
    const typing = event.target.matches("input[type=text], textarea");
    if (!typing && /^[1-9]$/.test(event.key)) {
      const input = el.querySelector(`input[data-key="${event.key}"]`);
      if (input) {
        if (input.type === "checkbox") input.checked = !input.checked; else input.checked = true;
        input.focus();
        event.preventDefault();
      }
    } else if (!typing && (event.key === "n" || event.key === "N")) {
      const next = el.querySelector(".js-next");
      if (next) { next.click(); event.preventDefault(); }
    } else if (event.key === "Enter" && !typing && event.target.matches("input[type=radio], input[type=checkbox]")) {
      const form = event.target.form;
      if (form) { form.requestSubmit(); event.preventDefault(); }
    }
  });

  document.addEventListener("submit", (event) => {
    const field = event.target.querySelector(".js-elapsed");
    if (field) field.value = String(Date.now() - shownAt);
  }, true);

  document.body.addEventListener("htmx:afterSwap", focusCard);
  document.body.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    // 4xx responses that carry a card (422 with a message, 409 closed attempt) are shown as they are.
    if (xhr && (xhr.status === 422 || xhr.status === 409 || xhr.status === 400) && xhr.responseText) {
      // An exam answers with its whole area (navigator and card); practice with the card alone.
      const exam = document.getElementById("exam-area");
      const target = exam && xhr.responseText.trimStart().startsWith('<div id="exam-area"') ? exam : card();
      if (target) { target.outerHTML = xhr.responseText; focusCard(); return; }
    }
    const box = document.getElementById("request-error");
    if (box) { box.hidden = false; box.focus(); }
  });
  document.body.addEventListener("htmx:sendError", () => {
    const box = document.getElementById("request-error");
    if (box) { box.hidden = false; box.focus(); }
  });

  const timer = document.querySelector(".timer");
  if (timer) {
    const end = Date.now() + 1000 * Number(timer.dataset.secondsLeft || 0);
    const out = timer.querySelector(".timer-value");
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      const m = Math.floor(left / 60), s = left % 60;
      out.textContent = `${m}:${String(s).padStart(2, "0")}`;
      if (left <= 60) timer.classList.add("urgent");
      if (left > 0) setTimeout(tick, 1000);
      else window.location.assign(timer.dataset.closedUrl);  // the server closed the exam at its deadline
    };
    tick();
  }
  document.addEventListener("DOMContentLoaded", () => { shownAt = Date.now(); });
})();
