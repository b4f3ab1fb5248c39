// Article admin: pick a span of one paragraph's text, by mouse or by keyboard, and open "add fact"
// with the quote filled in. Both ways end in the document's selection, so one path makes the fact.
// By keyboard the text is one tab stop (a roving tabindex over the paragraphs): ↑/↓ paragraph,
// ←/→ sentence, Shift+←/→ a character less or more, Enter makes the fact, N the next uncovered one.
(function () {
  const box = document.querySelector(".authoring-text");
  const button = document.querySelector(".selection-button");
  const status = document.querySelector(".selection-status");
  const nextLink = document.querySelector(".next-uncovered");
  if (!box || !button || !status) return;
  const texts = Array.from(box.querySelectorAll(".ptext"));
  const SENTENCE = /[^。！？!?；;…]+(?:[。！？!?；;…]+[”’」』）)]*|$)/g;
  let picked = null;

  function textOf(node) {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(".ptext") : null;
  }
  function numberOf(text) {
    return Number(text.parentElement.dataset.paragraph);
  }

  // The text nodes of a paragraph with their offsets, to turn character offsets into a Range.
  function nodesOf(text) {
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    const out = [];
    let at = 0, node;
    while ((node = walker.nextNode())) {
      out.push({ node, at });
      at += node.textContent.length;
    }
    return out;
  }
  function place(nodes, offset) {
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (offset >= nodes[i].at) return [nodes[i].node, offset - nodes[i].at];
    }
    return [nodes[0].node, 0];
  }
  function sentencesOf(text) {
    const found = [];
    for (const m of text.textContent.matchAll(SENTENCE)) {
      const lead = m[0].length - m[0].trimStart().length;
      const body = m[0].trim();
      if (body) found.push([m.index + lead, m.index + lead + body.length]);
    }
    return found;
  }
  function select(text, [start, end]) {
    const nodes = nodesOf(text);
    if (!nodes.length) return;
    const range = document.createRange();
    range.setStart(...place(nodes, start));
    range.setEnd(...place(nodes, end));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  // Where the selection starts in `text`, as a character offset (-1 when it is elsewhere).
  function selectionStart(text) {
    const sel = window.getSelection();
    if (!sel.rangeCount || textOf(sel.getRangeAt(0).startContainer) !== text) return -1;
    const r = sel.getRangeAt(0);
    const before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(r.startContainer, r.startOffset);
    return before.toString().length;
  }

  function focusText(text, which, center) {
    texts.forEach((t) => { t.tabIndex = t === text ? 0 : -1; });
    text.focus({ preventScroll: !!center });
    if (center) text.scrollIntoView({ block: "center" });  // a jump lands mid-window, not on its edge
    const sentences = sentencesOf(text);
    if (which !== undefined && sentences.length) select(text, which === "last" ? sentences.at(-1) : sentences[0]);
  }
  function moveSentence(text, step) {
    const sentences = sentencesOf(text);
    const from = selectionStart(text);
    let i = sentences.findIndex(([s, e]) => from >= s && from < e);
    if (i < 0) i = step > 0 ? -1 : sentences.length;
    const next = i + step;
    if (next >= 0 && next < sentences.length) return select(text, sentences[next]);
    const j = texts.indexOf(text) + step;
    if (j >= 0 && j < texts.length) focusText(texts[j], step > 0 ? "first" : "last");
  }

  function nextUncovered() {
    const uncovered = Array.from(box.querySelectorAll(".authoring-para[data-uncovered]"));
    if (!uncovered.length) return;
    const toolbarBottom = document.querySelector(".authoring-toolbar").getBoundingClientRect().bottom;
    const inView = (t) => { const r = t.getBoundingClientRect(); return r.bottom > toolbarBottom + 4 && r.top < window.innerHeight; };
    // From the paragraph being worked on (the text's tab stop) while it is in view, or else from
    // the first paragraph in view under the toolbar: the author has scrolled on.
    const current = texts.find((t) => t.tabIndex === 0);
    const from = current && inView(current) ? numberOf(current) : numberOf(texts.find(inView) || texts[0]) - 1;
    const target = uncovered.find((p) => Number(p.dataset.paragraph) > from) || uncovered[0];
    box.querySelectorAll(".authoring-para.current").forEach((p) => p.classList.remove("current"));
    target.classList.add("current");
    focusText(target.querySelector(".ptext"), "first", true);
  }

  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    const quote = sel ? sel.toString().trim() : "";
    const start = sel && sel.rangeCount ? textOf(sel.anchorNode) : null;
    const end = sel && sel.rangeCount ? textOf(sel.focusNode) : null;
    picked = quote && start && start === end && box.contains(start) ? { quote, paragraph: numberOf(start) } : null;
    // Only the button's state and the status text change: never the layout under the mouse.
    button.disabled = !picked;
    status.classList.toggle("picked", !!picked);
    status.textContent = picked ? `¶${picked.paragraph} 「${picked.quote}」` : status.dataset.none;
  });

  function makeFact() {
    if (!picked) return;
    const params = new URLSearchParams({ article: box.dataset.article, quote: picked.quote, paragraph_hint: picked.paragraph });
    window.location.href = box.dataset.addUrl + "?" + params.toString();
  }
  button.addEventListener("click", makeFact);
  // A highlighted fact is a <mark>, not a link: Chromium starts no selection in a link, so a drag
  // begun on a fact selected nothing. A plain click opens the fact (the list beside the paragraph
  // has the real links); a click that ends a drag only selects.
  let pressedAt = null;
  box.addEventListener("mousedown", (event) => { pressedAt = [event.clientX, event.clientY]; });
  box.addEventListener("click", (event) => {
    const mark = event.target.closest(".fact-mark");
    const moved = pressedAt && Math.hypot(event.clientX - pressedAt[0], event.clientY - pressedAt[1]) > 3;
    if (mark && !moved) window.location.href = mark.dataset.href;
  });
  if (nextLink) nextLink.addEventListener("click", (event) => { event.preventDefault(); nextUncovered(); });

  box.addEventListener("focusin", (event) => {
    const text = event.target.classList && event.target.classList.contains("ptext") ? event.target : null;
    // A keyboard arrival picks the first sentence; a click leaves the mouse's own selection alone.
    if (text && text.matches(":focus-visible") && selectionStart(text) < 0) focusText(text, "first");
  });
  box.addEventListener("keydown", (event) => {
    const text = textOf(event.target);
    if (!text || event.target !== text || event.altKey || event.metaKey) return;
    const i = texts.indexOf(text);
    const sel = window.getSelection();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const j = i + (event.key === "ArrowDown" ? 1 : -1);
      if (j >= 0 && j < texts.length) focusText(texts[j], "first");
    } else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && event.shiftKey) {
      if (selectionStart(text) < 0) focusText(text, "first");
      const before = sel.rangeCount ? sel.getRangeAt(0).cloneRange() : null;
      sel.modify("extend", event.key === "ArrowRight" ? "forward" : "backward", event.ctrlKey ? "word" : "character");
      if (textOf(sel.focusNode) !== text && before) { sel.removeAllRanges(); sel.addRange(before); }  // stay in the paragraph
    } else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && !event.ctrlKey) {
      moveSentence(text, event.key === "ArrowRight" ? 1 : -1);
    } else if (event.key === "Enter") {
      makeFact();
    } else if ((event.key === "n" || event.key === "N") && !event.ctrlKey) {
      nextUncovered();
    } else if (event.key === "Escape") {
      sel.removeAllRanges();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
