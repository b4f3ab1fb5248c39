from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizapp.decks.anki import save_atomically
from quizapp.decks.models import Deck, DeckKind
from quizapp.library.models import Question
from tests.factories import make_question

SLUG = "article-002_aec1c1457b9d3803"


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_anki", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_anki_writes_the_deck_to_the_file(bank, tmp_path, anki):
    target = tmp_path / "deck.apkg"
    out = export("--deck", SLUG, "--output", str(target))
    deck = Deck.objects.get(slug=SLUG)
    assert f"{deck.questions().count()} note(s)" in out
    log = anki.import_apkg(target.read_bytes())
    assert len(log.new) == deck.questions().count() > 40
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_export_anki_all_exports_every_published_question(bank, tmp_path, anki):
    Deck.objects.filter(kind=DeckKind.ALL).delete()  # works even before the "all" deck exists
    target = tmp_path / "all.apkg"
    export("--all", "-o", str(target))
    assert len(anki.import_apkg(target.read_bytes()).new) == Question.objects.published().count()


def test_unknown_slug_lists_the_valid_ones(imported, tmp_path):
    with pytest.raises(CommandError) as error:
        export("--deck", "nope", "--output", str(tmp_path / "x.apkg"))
    assert "No deck with slug 'nope'" in str(error.value)
    assert "all, article-000_1a6226931bc3619a" in str(error.value)
    assert not (tmp_path / "x.apkg").exists()


def test_output_is_required_and_deck_or_all_too(db, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        export("--deck", "all")
    with pytest.raises(CommandError, match="--deck"):
        export("--output", str(tmp_path / "x.apkg"))
    with pytest.raises(CommandError, match="not allowed with"):
        export("--deck", "all", "--all", "--output", str(tmp_path / "x.apkg"))


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/x.apkg", "no such folder"), ("x.txt", "must end in .apkg"), ("folder.apkg", "is a folder")],
    ids=["missing folder", "not .apkg", "a folder"],
)
def test_unusable_output_paths_are_command_errors(db, tmp_path, name, message):
    (tmp_path / "folder.apkg").mkdir()
    with pytest.raises(CommandError, match=message):
        export("--deck", "all", "--output", str(tmp_path / name))


def test_unwritable_folder_is_a_command_error(db, tmp_path):
    if os.geteuid() == 0:  # root may write anywhere on disk, but not in /proc
        locked = Path("/proc")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
    with pytest.raises(CommandError, match="cannot write"):
        export("--deck", "all", "--output", str(locked / "x.apkg"))


def test_base_url_must_be_http(db, tmp_path):
    with pytest.raises(CommandError, match="must start with http"):
        export("--deck", "all", "--output", str(tmp_path / "x.apkg"), "--base-url", "javascript:alert(1)")
    assert not (tmp_path / "x.apkg").exists()


def test_a_failed_export_leaves_no_partial_file_and_keeps_the_old_one(db, tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"the previous export")

    def fails_halfway(out):
        out.write(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        save_atomically(target, fails_halfway)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def test_exported_file_is_readable_by_others_and_a_valid_zip(db, tmp_path):
    make_question()
    target = tmp_path / "deck.apkg"
    export("--deck", "all", "--output", str(target))
    assert target.stat().st_mode & 0o044 == 0o044
    assert set(zipfile.ZipFile(target).namelist()) == {"collection.anki2", "media"}
