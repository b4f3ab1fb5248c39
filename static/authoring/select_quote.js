// Article admin: select text inside one paragraph, then open "add fact" with the quote filled in.
(function () {
  const box = document.querySelector(".authoring-text");
  const button = document.querySelector(".selection-button");
  if (!box || !button) return;
  let picked = null;
  function paragraphOf(node) {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(".authoring-para") : null;
  }
  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    const text = sel ? sel.toString().trim() : "";
    const start = sel && sel.rangeCount ? paragraphOf(sel.anchorNode) : null;
    const end = sel && sel.rangeCount ? paragraphOf(sel.focusNode) : null;
    if (text && start && start === end && box.contains(start)) {
      picked = { quote: text, paragraph: start.dataset.paragraph };  // the paragraph number is not selectable
      button.hidden = false;
    } else {
      picked = null;
      button.hidden = true;
    }
  });
  button.addEventListener("click", () => {
    if (!picked) return;
    const params = new URLSearchParams({ article: box.dataset.article, quote: picked.quote, paragraph_hint: picked.paragraph });
    window.location.href = box.dataset.addUrl + "?" + params.toString();
  });
})();
