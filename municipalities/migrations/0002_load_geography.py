"""Load the oblasts, the districts of Chui, Osh and Naryn oblasts and the seed municipalities."""

from django.db import migrations


def load(apps, schema_editor):
    from municipalities.services import geography_load

    geography_load(
        oblast_model=apps.get_model("municipalities", "Oblast"),
        district_model=apps.get_model("municipalities", "District"),
        municipality_model=apps.get_model("municipalities", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
