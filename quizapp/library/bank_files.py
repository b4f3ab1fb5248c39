"""What the last successful load_content read from each bank file and left in the database, so the next
load can leave out a file when neither has changed since (quizapp/library/bank/skip.py decides)."""

from __future__ import annotations

from django.db import models


class BankFile(models.Model):
    """One bank file at its last successful load. Written only by load_content, in its transaction: a
    load that fails leaves the records of the one before."""

    name = models.CharField(max_length=255, unique=True)  # the file's name in its folder: 000_….yaml
    # The article its rows belong to: deleting the article deletes the record, and the file loads again.
    article = models.ForeignKey("library.Article", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)  # SHA-256 of the file's bytes as they were parsed
    loader = models.CharField(max_length=64)  # skip.loader_version(): the rules those bytes were read by
    state = models.CharField(max_length=64)  # skip.article_states(): the article's rows right after the load
    # What the load reported for the file, reported again while it is skipped.
    facts = models.PositiveIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    why_how = models.PositiveIntegerField(default=0)
    published = models.PositiveIntegerField(default=0)
    not_in_file = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name
