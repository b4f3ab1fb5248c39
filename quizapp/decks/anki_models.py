"""The Anki note types of an export: fixed IDs, one per kind of question, shared CSS.

The model IDs never change: Anki recognises a note type by its ID, so re-importing a later
export reuses the note type instead of creating "quizapp basic+". If a note type's *fields*
ever change, give it a new ID (Anki cannot merge a changed field list into existing notes).
Templates and CSS may change freely: Anki takes the newer note type on import.
"""

from __future__ import annotations

import genanki

CSS = """\
.card {
  font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif;
  font-size: 21px; line-height: 1.75; color: #1d2330; background: #fbfaf7;
  text-align: left; margin: 0; padding: 12px;
}
.qz { max-width: 38em; margin: 0 auto; overflow-wrap: anywhere; line-break: strict; }
.qz-prompt { font-size: 1.05em; }
.qz-hint { color: #5b6475; font-size: .8em; margin: .6em 0 0; }
.qz-choices { margin: .8em 0 0; padding-left: 1.8em; }
.qz-choices li { margin: .3em 0; padding: .1em .4em; border-radius: 6px; }
.qz-correct { background: #e5f4ea; color: #1e7b43; font-weight: bold; }
.qz-mark { display: inline-block; width: 1.2em; }
.qz-answer { font-size: 1.1em; font-weight: bold; color: #1f5fbf; margin: .4em 0; }
.qz-explanation { margin: .8em 0; font-size: .85em; }
.qz-source { margin: .8em 0 0; font-size: .75em; color: #5b6475; }
.qz-source blockquote { margin: .3em 0; padding: .2em .8em; border-left: 3px solid #c9b98a; background: #f4f1ea; }
.qz-source a { color: #1f5fbf; }
.cloze { font-weight: bold; color: #1f5fbf; }
hr#answer { border: 0; border-top: 1px solid #e3e0d8; margin: 1em 0; }
.mobile .card { font-size: 19px; padding: 8px; }
.nightMode.card, .night_mode .card, .nightMode .card { color: #e6e6e6; background: #1f2126; }
.nightMode .qz-hint, .night_mode .qz-hint, .nightMode .qz-source, .night_mode .qz-source { color: #a9b0bd; }
.nightMode .qz-correct, .night_mode .qz-correct { background: #1d3b29; color: #8fd9a8; }
.nightMode .qz-answer, .night_mode .qz-answer, .nightMode .cloze, .night_mode .cloze,
.nightMode .qz-source a, .night_mode .qz-source a { color: #8ab4ff; }
.nightMode .qz-source blockquote, .night_mode .qz-source blockquote { background: #2a2c33; border-left-color: #8a7b50; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3a3d45; }
"""

_BACK_NOTES = (
    '{{#Explanation}}<div class="qz-explanation">{{Explanation}}</div>{{/Explanation}}'
    '<div class="qz-source">{{Source}}</div>'
)


def _model(model_id: int, name: str, fields: list[str], front: str, back: str, **kwargs) -> genanki.Model:
    return genanki.Model(
        model_id,
        name,
        fields=[{"name": f, "font": "PingFang SC"} for f in fields],
        templates=[{"name": "Card", "qfmt": front, "afmt": back}],
        css=CSS,
        **kwargs,
    )


BASIC = _model(
    1760000000101,
    "quizapp basic",
    ["Prompt", "Answer", "Explanation", "Source"],
    '<div class="qz"><div class="qz-prompt">{{Prompt}}</div></div>',
    '<div class="qz"><div class="qz-prompt">{{Prompt}}</div><hr id=answer>'
    '<div class="qz-answer">{{Answer}}</div>' + _BACK_NOTES + "</div>",
)

CLOZE = _model(
    1760000000102,
    "quizapp cloze",
    ["Text", "Explanation", "Source"],
    '<div class="qz"><div class="qz-prompt">{{cloze:Text}}</div></div>',
    '<div class="qz"><div class="qz-prompt">{{cloze:Text}}</div><hr id=answer>' + _BACK_NOTES + "</div>",
    model_type=genanki.Model.CLOZE,
)

CHOICE = _model(
    1760000000103,
    "quizapp multiple choice",
    ["Prompt", "Choices", "Marked", "Answer", "Explanation", "Source"],
    '<div class="qz"><div class="qz-prompt">{{Prompt}}</div>{{Choices}}</div>',
    '<div class="qz"><div class="qz-prompt">{{Prompt}}</div>{{Marked}}<hr id=answer>'
    '<div class="qz-answer">{{Answer}}</div>' + _BACK_NOTES + "</div>",
)

TRUE_FALSE = _model(
    1760000000104,
    "quizapp true/false",
    ["Statement", "Answer", "Explanation", "Source"],
    '<div class="qz"><div class="qz-prompt">{{Statement}}</div><p class="qz-hint">对还是错？</p></div>',
    '<div class="qz"><div class="qz-prompt">{{Statement}}</div><hr id=answer>'
    '<div class="qz-answer">{{Answer}}</div>' + _BACK_NOTES + "</div>",
)

ALL_MODELS = (BASIC, CLOZE, CHOICE, TRUE_FALSE)
