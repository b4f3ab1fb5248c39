"""Stated reasons, purposes and consequences: the sentences that carry 因为/由于/为了/所以/因此/原因/
目的/意味着/背后 (or their traditional forms), cut into what happened and why.

Both parts are verbatim spans of the article, whole clauses, so the key of a why/how question is
the article's own words. The marker decides which side is which: after 因为 and 为了 comes the
reason, before 所以 and 意味着 stands it. "这样做的目的是…" and a sentence that opens with 因为 or 所以
point back: their other part is the sentence before, when the fact has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WHY, WHAT_FOR, MEANS, BEHIND = "why", "what_for", "means", "behind"

MIN_PART, MAX_EVENT, MAX_REASON = 4, 40, 50
SHORT_CLAUSE = 5  # a clause shorter than this takes the one before it along, for context
_CLAUSE_END = re.compile(r"[，,；;：:]")
_SENTENCE_END = "。！？!?"
_BECAUSE = "(?:因为|因為|由于|由於)"
MARKER = re.compile(
    r"(?P<since>之所以)"
    rf"|(?P<because>(?:一方面)?(?:正是|主要是|就是|也是|是)?{_BECAUSE})"
    r"|(?P<so>所以|因此|因而)"
    r"|(?P<purpose>的?目的(?:是|在于|在於)(?:为了|為了)?|(?:这样做|這樣做|此举|此舉)?是(?:为了|為了)|为了|為了)"
    r"|(?P<means>(?:这|這)?(?:意味着|意味著))"
    r"|(?P<behind>的?(?:背后|背後)[，,]?(?:都是|则是|則是|就是|依托的是|依託的是|是))"
    r"|(?P<cause>的?(?:一个重要的|一個重要的|主要)?原因(?:之一)?(?:是|在于|在於|就是))"
)
MARKERS = re.compile("因为|因為|由于|由於|为了|為了|所以|因此|因而|原因|目的|意味着|意味著|背后|背後")
# An example or an aside, not a reason by itself.
ASIDE = re.compile(r"^(?:例如|比如|即|当然|當然|这个|這個)")
# What points back to the sentence before rather than naming what happened.
_ANAPHOR = re.compile(r"^(?:.{0,12}[，,])?(?:这样做|這樣做|这么做|這麼做|此举|此舉|这|這|其)$")
_LEADING = re.compile(r"^(?:而且|而|但是|但|同时|同時|并且|並且|[，,\s])+")
_TRAILING = re.compile(r"(?:[，,\s]|而且|而|并且|並且|而随之|而隨之)+$")
# A part that ends on a pronoun (不难看出它们) names nothing by itself.
_PRONOUN_END = re.compile(r"(?:它们|它們|他们|他們|其)$")
# 一方面…，另一方面…: the second half needs the first.
_CONTINUES = re.compile(r"^(?:另一方面|而且|并且|並且|同时|同時)")


@dataclass(frozen=True)
class Reason:
    sentence: str
    event: str
    reason: str
    relation: str


def states_reason(text: str) -> bool:
    return bool(MARKERS.search(text))


def reasons(sentence: str, previous: str = "") -> list[Reason]:
    """The first reading of `sentence` as an event and its reason, if it has one; `previous` is the
    sentence before it, for the part a pointing-back sentence leaves out."""
    text = sentence.strip()
    if text.endswith(("？", "?")):
        return []  # a question asks; it does not state a reason
    for m in MARKER.finditer(text):
        found = _read(text, m, previous.strip())
        if found:
            event, reason, relation = found
            event, reason = _TRAILING.sub("", _LEADING.sub("", event)), _LEADING.sub("", reason).strip(" ，,")
            if (
                len(event) >= MIN_PART
                and len(reason) >= MIN_PART
                and reason not in event
                and event not in reason
                and not _PRONOUN_END.search(event)
                and not re.search("？|什么|什麼", event + reason)
                and not MARKERS.search(reason)
                and not ASIDE.match(reason)
            ):
                return [Reason(text, event, reason, relation)]
    return []


def _read(text: str, m: re.Match, previous: str) -> tuple[str, str, str] | None:
    kind = m.lastgroup
    before, after = text[: m.start()], m.end()
    at_start = not before.strip(" ，,")
    if kind == "since":  # X之所以Y，是因为Z
        because = re.compile(rf"[，,](?:一方面)?(?:正是|主要是|就是|是)?{_BECAUSE}").search(text, after)
        if not because:
            return None
        return text[_clause_start(text, m.start()) : because.start()], _head(text, because.end()), WHY
    if kind == "because":
        if at_start:
            so = re.compile(r"[，,](?:所以|因此|因而)[，,]?").search(text, after)
            if so:  # 因为X，所以Y
                return _head(text, so.end(), MAX_EVENT), text[after : so.start()], WHY
            if previous and text[m.start() : m.start() + 2] in ("因为", "因為"):  # …。因为X。
                return _said_before(previous, MAX_EVENT), _head(text, after), WHY
            clause = _CLAUSE_END.search(text, after)  # 由于X，Y
            return (_head(text, clause.end(), MAX_EVENT), text[after : clause.start()], WHY) if clause else None
        return _tail(text, m.start()), _head(text, after), WHY  # Y，因为X
    if kind == "so":
        reason = _said_before(previous, MAX_REASON) if at_start else _tail(text, m.start(), MAX_REASON)
        return (_head(text, after, MAX_EVENT), reason, WHY) if reason else None
    if kind == "purpose" and m["purpose"] in ("为了", "為了"):
        if not (at_start or text[m.start() - 1] in "，,"):
            return None  # 是为了 is read above; a bare 为了 mid-clause is not a purpose of the clause
        clause = _CLAUSE_END.search(text, after)  # 为了X，Y
        return (_head(text, clause.end(), MAX_EVENT), text[after : clause.start()], WHAT_FOR) if clause else None
    relation = {"purpose": WHAT_FOR, "means": MEANS, "behind": BEHIND, "cause": WHY}[kind]
    event = _tail(text, m.start(), extend=kind not in ("means", "behind"))
    if _ANAPHOR.match(before.strip(" ，,")) or not event:
        event = _head(previous, 0, MAX_EVENT)  # 这样做的目的是…: what was done leads the sentence before
    return event, _head(text, after), relation


def _said_before(previous: str, limit: int) -> str:
    """The sentence before, whole when it is short enough, else its last clauses; '' for a question."""
    if previous.endswith(("？", "?")):
        return ""
    whole = previous.rstrip(_SENTENCE_END)
    return whole if len(whole) <= limit else _tail(previous, len(previous), limit)


def _clause_start(text: str, end: int) -> int:
    cuts = [m.end() for m in _CLAUSE_END.finditer(text, 0, end)]
    return cuts[-1] if cuts else 0


def _tail(text: str, end: int, limit: int = MAX_EVENT, extend: bool = True) -> str:
    """The clause that ends at `end`, with the one before it while it is short or only continues it
    (另一方面…); '' if too long."""
    text = text.rstrip(_SENTENCE_END)
    end = min(end, len(text))
    while end and text[end - 1] in "，, ":
        end -= 1
    start = _clause_start(text, end)
    while extend and start and (end - start < SHORT_CLAUSE or _CONTINUES.match(text[start:end])):
        earlier = _clause_start(text, start - 1)
        if end - earlier > limit:
            break
        start = earlier
    return text[start:end] if end - start <= limit else ""


def _head(text: str, start: int, limit: int = MAX_REASON) -> str:
    """Whole clauses from `start` to the sentence's end, as many as fit in `limit` (at least one)."""
    end = start
    for cut in [m.start() for m in _CLAUSE_END.finditer(text, start)] + [len(text.rstrip(_SENTENCE_END))]:
        if cut - start > limit and end > start:
            break
        end = cut
    return text[start:end] if end - start <= limit else ""
