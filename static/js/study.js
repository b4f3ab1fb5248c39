// Flashcards: flip in place and rate from the keyboard. Without this file the "Show answer"
// link loads the back and the rating buttons post a plain form, so nothing depends on it.
(() => {
  "use strict";

  const cardArea = () => document.getElementById("study-card");
  const flashcard = () => cardArea()?.querySelector(".flashcard");

  function flip() {
    const card = flashcard();
    if (!card || card.dataset.side === "back") return false;
    card.dataset.side = "back";
    card.querySelectorAll(".js-front-only").forEach((el) => { el.hidden = true; });
    const back = card.querySelector(".flashcard-back");
    back.hidden = false;
    // The answer comes into view from its top (on a phone focusing the buttons alone would scroll it
    // off); then "Good" takes the focus without moving the page: Enter or Space rates it, as in Anki.
    back.scrollIntoView({ block: "start" });
    card.querySelector('.rate[value="3"]')?.focus({ preventScroll: true });
    return true;
  }

  function focusCard() {
    const target = cardArea()?.querySelector(".js-flip") || cardArea()?.querySelector(".empty a, .empty");
    target?.focus?.();
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest(".js-flip") && flip()) event.preventDefault();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const card = flashcard();
    if (!card) return;
    // Space on a focused button presses it (e.g. "Good" once the answer shows); elsewhere it flips.
    if (event.key === " " && card.dataset.side !== "back" && !event.target.closest("button, summary")) {
      event.preventDefault();
      flip();
    } else if (/^[1-4]$/.test(event.key) && card.dataset.side === "back") {
      const button = card.querySelector(`.rate[value="${event.key}"]`);
      if (button && !button.disabled) {
        event.preventDefault();
        button.click();
      }
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id !== "study-card") return;
    document.getElementById("study-error").hidden = true;
    focusCard();
  });

  // htmx leaves the page alone on 4xx/5xx; say what went wrong instead of doing nothing.
  document.addEventListener("htmx:responseError", (event) => {
    const box = document.getElementById("study-error");
    if (!box) return;
    const xhr = event.detail.xhr;
    const text = xhr.getResponseHeader("Content-Type")?.startsWith("text/plain") ? xhr.responseText : "";
    box.textContent = text || `${xhr.status} ${xhr.statusText}`;
    box.hidden = false;
  });
  document.addEventListener("htmx:sendError", () => {
    const box = document.getElementById("study-error");
    if (box) {
      box.textContent = box.dataset.offline || "Network error: the rating was not saved. Try again.";
      box.hidden = false;
    }
  });
})();
