"""YAML from files people edit, read within bounds: no aliases or anchors (an alias bomb expands
without end), nesting at most `max_depth` deep (the composer recurses: 100,000 levels crash the
process), and no key given twice in one mapping (the last one would silently win).

The events are checked first with libyaml's parser, which streams and never recurses, so nothing is
built before the bounds hold; only then is the document loaded (with libyaml too, ~8x faster than
the pure-Python loader when PyYAML was built with it, as its wheels are)."""

from __future__ import annotations

import yaml
from django.utils.translation import gettext as _

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Refused(Exception):
    """The document breaks a bound; `line` (1-based) is where."""

    def __init__(self, line: int, problem: str):
        super().__init__(f"line {line}: {problem}")
        self.line, self.problem = line, problem


def check(text: str, max_depth: int, loader: type = Loader) -> None:
    """Raise Refused at the first alias, anchor, repeated key or nesting deeper than `max_depth`
    (or yaml.YAMLError where the text is not YAML at all)."""
    # One entry per open collection: None for a sequence; for a mapping, [keys seen, next node is a key].
    stack: list[list | None] = []
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise Refused(line, _("uses an alias (*%(name)s); write the value out instead") % {"name": event.anchor})
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            if event.anchor:
                raise Refused(
                    line,
                    _("defines an anchor (&%(name)s) for aliases; write values out instead") % {"name": event.anchor},
                )
            parent = stack[-1] if stack else None
            if parent is not None and parent[1]:
                if not isinstance(event, yaml.ScalarEvent):
                    raise Refused(line, _("uses a list or mapping as a key"))
                if event.value in parent[0]:
                    raise Refused(line, _("gives the key %(key)s twice") % {"key": repr(event.value)})
                parent[0].add(event.value)
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= max_depth:
                    raise Refused(line, _("nests deeper than %(depth)d levels") % {"depth": max_depth})
                stack.append([set(), True] if isinstance(event, yaml.MappingStartEvent) else None)
                continue
        else:
            continue  # stream and document events
        # A whole node has been read: in a mapping, a key is followed by its value and a value by a key.
        if stack and stack[-1] is not None:
            stack[-1][1] = not stack[-1][1]


def load(text: str, max_depth: int, loader: type = Loader) -> object:
    """The document, once `check` found it within bounds."""
    check(text, max_depth, loader)
    return yaml.load(text, Loader=loader)
