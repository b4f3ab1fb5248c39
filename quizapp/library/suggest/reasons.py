"""Stated reasons, purposes and consequences: the sentences that carry 因为/由于/为了/所以/因此/原因/
目的/意味着/背后 (or their traditional forms), cut into what happened and why."""

from __future__ import annotations

import re
from dataclasses import dataclass

WHY, WHAT_FOR, MEANS, BEHIND = "why", "what_for", "means", "behind"

_CLAUSE_END = "，,；;。！？!?"
_C = rf"[^{_CLAUSE_END}]"
# (pattern, what the reason is): `event` is what happened, `reason` the stated why; each a verbatim span.
_REASON = rf"(?P<reason>{_C}{{4,40}})"
_EVENT = r"(?P<event>.{4,60}?)"
_END = r"[。！？!?；;]?$"
_BECAUSE = "(?:因为|因為|由于|由於)"
_SO = "(?:所以|因此|因而|于是|於是)"
_PURPOSE = "(?:是为了|是為了|为了|為了|目的是|目的在于|目的在於)"
# (pattern, relation): `event` is what happened, `reason` the stated why; each a verbatim span.
PATTERNS = [
    (rf"^(?:正是)?{_BECAUSE}{_REASON}[，,]{_SO}?{_EVENT}{_END}", WHY),
    (rf"^{_EVENT}[，,](?:正是|主要是|就是|也是|是)?{_BECAUSE}{_REASON}{_END}", WHY),
    (rf"^(?P<reason>.{{4,50}}?)[，,]{_SO}[，,]?{_EVENT}{_END}", WHY),
    (rf"^(?P<event>.{{4,50}}?)的?(?:原因|原因之一)(?:是|在于|在於|就是)[，,：:]?{_REASON}{_END}", WHY),
    (rf"^(?:为了|為了){_REASON}[，,]{_EVENT}{_END}", WHAT_FOR),
    (rf"^{_EVENT}[，,]{_PURPOSE}{_REASON}{_END}", WHAT_FOR),
    (rf"^(?P<event>{_C}{{4,50}}?)[，,]?(?:这|這)?(?:意味着|意味著){_REASON}{_END}", MEANS),
    (rf"^(?P<event>{_C}{{4,50}}?)的?(?:背后|背後)(?:是|則是|则是|，){_REASON}{_END}", BEHIND),
]
MARKERS = re.compile("因为|因為|由于|由於|为了|為了|所以|因此|因而|原因|目的|意味着|意味著|背后|背後")


@dataclass(frozen=True)
class Reason:
    sentence: str
    event: str
    reason: str
    relation: str


def states_reason(text: str) -> bool:
    return bool(MARKERS.search(text))


def reasons(sentence: str) -> list[Reason]:
    """The first reading of `sentence` as an event and its reason, if it has one."""
    text = sentence.strip()
    for pattern, relation in PATTERNS:
        m = re.match(pattern, text)
        if m:
            event, reason = m["event"].strip(" ，,"), m["reason"].strip(" ，,")
            if event and reason and reason not in event:
                return [Reason(text, event, reason, relation)]
    return []
