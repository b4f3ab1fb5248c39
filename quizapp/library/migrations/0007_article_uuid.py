import uuid

from django.db import migrations, models

# The same namespace as quizapp.library.importer.ARTICLE_ID_NAMESPACE, written out: a migration must
# not change when the model module does.
NAMESPACE = uuid.UUID("5b1f7a8e-3c0d-4d6e-9a51-6f0c2b7e9d14")


def derive_ids(apps, schema_editor):
    # The id an import from the same file name gives, so existing databases and fresh clones agree.
    Article = apps.get_model("library", "Article")
    for article in Article.objects.only("pk", "source_file"):
        article.uuid = uuid.uuid5(NAMESPACE, article.source_file)
        article.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("library", "0006_drift_needs_reanchoring")]

    operations = [
        migrations.AddField(model_name="article", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(derive_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
