"""JSON in the reader's script: `?script=zh-Hans` or `?script=zh-Hant` on any API request converts
every string value of the response (display only, like the pages' reading preference); without it,
or with `original`, text is sent as written. Keys, numbers and ids are never touched.

Display only: a client that edits through the API should read without the parameter, or it would
write the converted text back."""

from __future__ import annotations

from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from quizapp.library.context_processors import SCRIPT_CHOICES, in_script

SCRIPT_PARAMETER = "script"


def requested_script(request) -> str:
    value = request.query_params.get(SCRIPT_PARAMETER, "original") if request is not None else "original"
    return value if value in SCRIPT_CHOICES else "original"


def converted(data, script: str):
    if isinstance(data, str):
        return in_script(data, script)
    if isinstance(data, dict):
        return {key: converted(value, script) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [converted(value, script) for value in data]
    return data


class ScriptJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        script = requested_script((renderer_context or {}).get("request"))
        if script != "original":
            data = converted(data, script)
        return super().render(data, accepted_media_type, renderer_context)


class ScriptBrowsableAPIRenderer(BrowsableAPIRenderer):
    def get_default_renderer(self, view):
        return ScriptJSONRenderer()
