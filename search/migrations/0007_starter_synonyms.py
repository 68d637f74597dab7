"""A new site starts with the starter vocabulary (search/starter_synonyms.toml) as synonym groups.

Only a site with no synonym groups yet gets them here: one whose SEO staff already
keep synonyms adds the starter ones, if wanted, with ``manage.py load_starter_synonyms``.
"""

from django.db import migrations

from search.starter import load_starter_synonyms


def load_for_a_new_site(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    if not SynonymGroup.objects.exists():
        load_starter_synonyms(SynonymGroup)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_postgres_indexed_words")]

    operations = [migrations.RunPython(load_for_a_new_site, migrations.RunPython.noop)]
