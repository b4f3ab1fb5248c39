"""Articles imported before the importer took only http(s) source addresses may hold a javascript: or
data: one, which the reader shows as a link (issue 19): such an address is dropped, not shown."""

import re

from django.db import migrations

WEB_ADDRESS = re.compile(r"https?://[^\s/]", re.IGNORECASE)  # the importer's rule (parsing._web_address)


def drop_unsafe_source_urls(apps, schema_editor):
    Article = apps.get_model("library", "Article")
    unsafe = [
        a.pk for a in Article.objects.exclude(source_url="").only("source_url") if not WEB_ADDRESS.match(a.source_url)
    ]
    Article.objects.filter(pk__in=unsafe).update(source_url="")


class Migration(migrations.Migration):
    dependencies = [("library", "0013_article_source_folder")]

    operations = [migrations.RunPython(drop_unsafe_source_urls, migrations.RunPython.noop)]
