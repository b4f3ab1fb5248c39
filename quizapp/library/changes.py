"""One home for "what learners see of a question changed" when no Model.save() says so.

Everything built from questions is keyed by their `updated_at` stamps (and their facts' and articles'):
the rendered card cache (quizzes/cards.py), deck packages and whole-bank exports (prepared.py's
questions_state), Anki notes' modification times. save() moves the stamp (auto_now); a bulk
`QuerySet.update()`, a many-to-many change or a renamed tag does not, and a file built before such a
change was served after it. Every such path updates through `content_changed`, and the
receivers below cover the changes that come as signals: tags added, removed or renamed (Anki notes and
exports carry them), and a tag deleted (its through rows go without a signal of their own).
A choice's save or delete moves its question too (quizzes/cards.py connects that receiver).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

from quizapp.library.models import Article, Fact, Question, Tag

# The models whose `tags` show in what is built from them (notes, exports), each with its own stamp.
TAGGED = (Question, Fact, Article)


def content_changed(rows: QuerySet, **values) -> int:
    """`rows.update(**values)` that also moves the rows' `updated_at` to now, as their save() would:
    every bulk change of questions, facts or articles that a card, a package or an export shows."""
    return rows.update(updated_at=timezone.now(), **values)


def _tags_set(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    if not reverse:  # question.tags.add(…): the question itself (a clear names no tags)
        if action == "post_clear" or (action in ("post_add", "post_remove") and pk_set):
            content_changed(type(instance).objects.filter(pk=instance.pk))
    elif action == "pre_clear":  # tag.question_set.clear(): its rows are known only before
        content_changed(model.objects.filter(tags=instance))
    elif action in ("post_add", "post_remove") and pk_set:
        content_changed(model.objects.filter(pk__in=pk_set))


def _tag_renamed(sender, instance: Tag, created: bool, raw: bool = False, **kwargs) -> None:
    if not (created or raw):
        _tagged_changed(instance)


def _tag_deleted(sender, instance: Tag, **kwargs) -> None:
    _tagged_changed(instance)  # before the delete: its through rows are gone after


def _tagged_changed(tag: Tag) -> None:
    for model in TAGGED:
        content_changed(model.objects.filter(tags=tag))


def connect() -> None:
    for model in TAGGED:
        m2m_changed.connect(_tags_set, sender=model.tags.through, dispatch_uid=f"changed-tags-{model.__name__}")
    post_save.connect(_tag_renamed, sender=Tag, dispatch_uid="changed-tag-renamed")
    pre_delete.connect(_tag_deleted, sender=Tag, dispatch_uid="changed-tag-deleted")
