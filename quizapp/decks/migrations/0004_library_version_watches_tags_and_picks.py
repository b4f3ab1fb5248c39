from django.db import migrations

from quizapp.decks.library_version import install_triggers


def install(apps, schema_editor):
    # A question's tags and a deck's picks now move the version too: every deck's count is cached under it.
    install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("decks", "0003_library_version")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
