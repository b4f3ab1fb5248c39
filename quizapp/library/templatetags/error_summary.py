"""Every error of an admin change form in one list at its top, each linking to where it sits.

Django's admin says only "please correct the errors below": an error in an inline — or in a part
of the form the eye does not reach — is then a search. The summary names each one and links to
its field (`#id_<name>`) or its inline row (`#<prefix>-<n>`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    where: str  # the field's label, or "choices, row 2"
    message: str
    anchor: str  # an element id on the page


def _form_problems(form, anchor_of_field, where_prefix: str = "") -> list[Problem]:
    problems = []
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else name
        where = f"{where_prefix}{label}" if where_prefix else str(label)
        problems += [Problem(where, message, anchor_of_field(name)) for message in errors]
    return problems


@register.simple_tag
def error_summary(adminform, inline_admin_formsets) -> list[Problem]:
    """The problems of the main form, then of each inline, row by row (no queries: errors are computed)."""
    if adminform is None:
        return []
    form = adminform.form
    problems = [Problem(_("the question as a whole"), m, "content-main") for m in form.non_field_errors()]
    problems += _form_problems(form, lambda name: f"id_{name}")
    for inline in inline_admin_formsets or []:
        formset = inline.formset
        title = inline.opts.verbose_name_plural
        group = f"{formset.prefix}-group"
        problems += [Problem(str(title), m, group) for m in formset.non_form_errors()]
        for i, row in enumerate(formset.forms):
            row_anchor = f"{formset.prefix}-{i}"
            where = _("%(inline)s, row %(n)d") % {"inline": title, "n": i + 1}
            problems += [Problem(where, m, row_anchor) for m in row.non_field_errors()]
            problems += _form_problems(row, lambda _name, a=row_anchor: a, f"{where}: ")
    return problems
