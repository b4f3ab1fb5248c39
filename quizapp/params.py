"""One reader for the ids and numbers a request carries (query strings and form fields), for the
page views and the API alike.

Only ASCII digits make a number: `str.isdigit()` also says yes to superscripts (¹ ²) and other
Unicode digits that `int()` then refuses (a 500), while full-width ４ would quietly become 4; both
are refused, the same way, everywhere. A number must fit the column it is compared with (a bigint
id, an int counter), and a NUL byte is never part of a number (PostgreSQL refuses it in any text).
A bad value is `BadParameter`, a 400 whose message names the parameter (quizapp/errors.py renders
it for pages; the API turns it into its own 400 shape).

Measurements the learner does not type, such as an answer's elapsed time, must never cost the
answer: `measured` clamps them into range and reads anything else as "not measured".
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1  # a BigAutoField (every id here)
MAX_INT = 2**31 - 1  # an IntegerField / PositiveIntegerField


class BadParameter(BadRequest):
    """A request parameter that is not a number in range; its message is for the person who sent it."""

    def __init__(self, name: str, minimum: int, maximum: int):
        self.name = name
        super().__init__(
            _("“%(name)s” must be a whole number from %(minimum)d to %(maximum)d, written in digits 0–9.")
            % {"name": name, "minimum": minimum, "maximum": maximum}
        )


def _digits(value: str, maximum: int) -> int | None:
    """`value` as a number if it is ASCII digits only and no longer than `maximum` could need."""
    text = value.strip(" ")
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def whole_number(value: str, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """`value` read as a whole number from `minimum` to `maximum`, or BadParameter naming `name`."""
    number = _digits(value, maximum) if isinstance(value, str) else None
    if number is None or not minimum <= number <= maximum:
        raise BadParameter(name, minimum, maximum)
    return number


def optional_number(data: Mapping, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The parameter `name` of a QueryDict (GET or POST) as a number; None when it is absent or empty."""
    value = data.get(name)
    if value is None or value == "":
        return None
    return whole_number(value, name, minimum=minimum, maximum=maximum)


def measured(value, *, maximum: int = MAX_INT) -> int | None:
    """A measurement sent along with an answer (milliseconds): clamped to `maximum`; None when it is
    not a whole number at all, so the answer is stored without it rather than refused."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return min(value, maximum) if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip(" ")
    if not text or not (text.isascii() and text.isdigit()):
        return None
    # Beyond the column's width the exact value does not matter: it is clamped anyway.
    return maximum if len(text) > len(str(maximum)) else min(int(text), maximum)


class NumberField(forms.IntegerField):
    """A form's whole-number field read by the same rule: ASCII digits within the column's range
    (Django's own IntegerField takes full-width digits and has no upper bound)."""

    def __init__(self, *, min_value: int = 1, max_value: int = MAX_ID, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = _digits(str(value), self.max_value * 10)  # one digit over: the range check then says "at most"
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
