from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeData, mark_safe

from quizapp.library.scripts import convert

SCRIPT_COOKIE = "script"
SCRIPT_CHOICES = ("original", "zh-Hans", "zh-Hant")


def reading_script(request: HttpRequest) -> str:
    value = request.COOKIES.get(SCRIPT_COOKIE, "original")
    return value if value in SCRIPT_CHOICES else "original"


def in_script(text, script: str):
    """Learner-facing text as the reader chose to read it: "original" leaves it as written. Display
    only — grading and storage never see the converted text. Safe HTML stays safe (OpenCC changes
    Chinese characters only)."""
    if not isinstance(text, str) or not text or script not in ("zh-Hans", "zh-Hant"):
        return text
    converted = convert(text, script)
    return mark_safe(converted) if isinstance(text, SafeData) else converted  # noqa: S308


def script_preference(request: HttpRequest) -> dict[str, str]:
    return {"reading_script": reading_script(request)}
