"""The table of the database cache (the default shared cache), so that `jazari migrate` is all a new
database needs. Nothing is created when another cache backend (Redis) is configured."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_demodataset")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
