"""Reading Anki packages (.apkg): Basic → short answer, Cloze → cloze, Basic-and-reversed → two
short answers (one per direction). Other note types are read by their first two fields as Basic.

An .apkg is a zip: its sizes are checked before anything is extracted (a zip bomb is refused),
and the collection is opened read-only from a temporary file.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext

from quizapp.interop.records import FormatError, Parsed, html_to_text, imported_id
from quizapp.library import cloze

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200  # Anki collections of text compress ~10-20x; a bomb compresses thousands of times
COLLECTIONS = ("collection.anki21", "collection.anki2")
CLOZE_MODEL = 1


def _collection(content: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise FormatError(gettext("Not an Anki package: an .apkg is a zip file, and this is not one.")) from None
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        message = gettext("The package would unpack to %(mb)d MB from %(kb)d KB: refused as a zip bomb.")
        raise FormatError(message % {"mb": total // (1024 * 1024), "kb": packed // 1024})
    names = set(archive.namelist())
    name = next((n for n in COLLECTIONS if n in names), None)
    if name is None:
        if "collection.anki21b" in names:
            raise FormatError(
                gettext("This package uses Anki's newest format; export it with “Support older Anki versions”.")
            )
        raise FormatError(gettext("Not an Anki package: it holds no collection.anki2."))
    return archive.read(name)


def _notes(collection: bytes) -> list[tuple[str, list[str], str, dict]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(collection)
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                (models_json,) = db.execute("SELECT models FROM col").fetchone()
                rows = db.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            message = gettext("The package's collection cannot be read (%(error)s).")
            raise FormatError(message % {"error": exc}) from None
    models = json.loads(models_json or "{}")
    return [(guid, flds.split("\x1f"), tags, models.get(str(mid), {})) for guid, mid, flds, tags in rows]


def read(content: bytes) -> list[Parsed]:
    parsed = []
    for n, (guid, fields, tags, model) in enumerate(_notes(_collection(content)), 1):
        texts = [html_to_text(f) for f in fields]
        kind = model.get("name") or gettext("unknown note type")
        where = gettext("note %(number)d (%(type)s)") % {"number": n, "type": kind}
        base = {"status": "draft", "difficulty": 2, "tags": [t for t in tags.split() if t]}
        if model.get("type") == CLOZE_MODEL:
            prompt = texts[0] if texts else ""
            extra = texts[1] if len(texts) > 1 else ""
            record = {**base, "id": imported_id("apkg", guid), "type": "cloze", "prompt": prompt,
                      "explanation": extra or cloze.revealed(prompt)}  # fmt: skip
            parsed.append(Parsed(where, record))
            continue
        if len(texts) < 2 or not texts[0] or not texts[1]:
            parsed.append(Parsed(where, refused=gettext("a note needs a front and a back")))
            continue
        front, back = texts[0], texts[1]
        directions = [(front, back)]
        if len(model.get("tmpls", [])) == 2:
            directions.append((back, front))  # Basic (and reversed card): one question per direction
        for d, (prompt, answer) in enumerate(directions):
            record = {**base, "id": imported_id("apkg", guid, str(d)), "type": "short_answer", "prompt": prompt,
                      "accepted_answers": [answer], "explanation": f"答案：{answer}"}  # fmt: skip
            parsed.append(Parsed(gettext("%(where)s, reversed") % {"where": where} if d else where, record))
    return parsed
