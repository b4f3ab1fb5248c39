"""Articles that did not come from seeds/ (added in the admin, imported from elsewhere) get a home in the
repository: content/articles/<their file name>, a text file `import_articles` reads back into the
same article (its front matter carries the article's id), so a fresh clone rebuilds them."""

from __future__ import annotations

from pathlib import Path

import yaml

from quizapp.library.models import Article

ARTICLES_FOLDER = "articles"


def article_file_text(article: Article) -> str:
    """The article as a file the importer reads back to the same id, metadata and paragraphs."""
    front = {"id": str(article.uuid)}
    if not article.title_is_provisional:  # a derived title is derived again
        front["title"] = article.title
    values = {
        "author": article.author,
        "byline": article.byline,
        "publisher": article.publisher,
        "date": article.published_on.isoformat() if article.published_on else "",
        "url": article.source_url,
    }
    front.update((key, value) for key, value in values.items() if value)
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        front["tags"] = tags
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{header}---\n\n{article.body}\n"


def dump_articles(folder: Path, seeds: Path) -> list[Path]:
    """Write every article whose file is not in `seeds` into `folder`; returns the files written."""
    shipped = {p.name for p in seeds.iterdir()} if seeds.is_dir() else set()
    written = []
    for article in Article.objects.exclude(source_file__in=shipped).prefetch_related("tags").order_by("source_file"):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(article.source_file).name
        text = article_file_text(article)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
