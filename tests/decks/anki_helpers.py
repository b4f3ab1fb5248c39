"""Reading exports back with the official `anki` package."""

from __future__ import annotations

import re
from pathlib import Path


class AnkiCollection:
    """A real, empty Anki collection (the official `anki` package) to import exports into."""

    def __init__(self, folder: Path) -> None:
        from anki.collection import Collection

        self.folder = folder
        self.col = Collection(str(folder / "collection.anki2"))
        self._imports = 0

    def import_apkg(self, content: bytes):
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        self._imports += 1
        path = self.folder / f"import-{self._imports}.apkg"
        path.write_bytes(content)
        request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
        return self.col.import_anki_package(request).log

    def notes(self) -> dict:
        """Notes by GUID."""
        return {self.col.get_note(nid).guid: self.col.get_note(nid) for nid in self.col.find_notes("")}

    def cards(self) -> list:
        return [self.col.get_card(cid) for cid in self.col.find_cards("")]

    def close(self) -> None:
        self.col.close()


def front(card) -> str:
    """A card's front as Anki renders it, without the note type's <style> block."""
    return re.sub(r"<style>.*?</style>", "", card.question(), flags=re.DOTALL)


def back(card) -> str:
    return re.sub(r"<style>.*?</style>", "", card.answer(), flags=re.DOTALL)


def visible(html: str) -> str:
    """The text a learner sees: tags (and their attributes, such as Anki's data-cloze) removed."""
    return re.sub(r"<[^>]+>", "", html)
