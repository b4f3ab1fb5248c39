from __future__ import annotations

from django.http import HttpRequest

SCRIPT_COOKIE = "script"
SCRIPT_CHOICES = ("original", "zh-Hans", "zh-Hant")


def reading_script(request: HttpRequest) -> str:
    value = request.COOKIES.get(SCRIPT_COOKIE, "original")
    return value if value in SCRIPT_CHOICES else "original"


def script_preference(request: HttpRequest) -> dict[str, str]:
    return {"reading_script": reading_script(request)}
