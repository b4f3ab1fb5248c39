# Exam questions flagged for review (issue 16, point 5).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0004_verbose_names_in_chinese"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="flagged_ids",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
