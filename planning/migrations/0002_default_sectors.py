"""The sectors of the situation analysis that every programme starts with (admin can extend)."""

from django.db import migrations

SECTORS = [
    ("drinking-water", "Питьевое водоснабжение", "Ичүүчү суу менен камсыз кылуу"),
    ("roads", "Дороги и транспорт", "Жолдор жана транспорт"),
    ("education", "Образование", "Билим берүү"),
    ("health", "Здравоохранение", "Саламаттыкты сактоо"),
    ("culture-sport", "Культура и спорт", "Маданият жана спорт"),
    ("waste", "Твёрдые бытовые отходы (ТБО)", "Катуу тиричилик калдыктары"),
    ("agriculture", "Сельское хозяйство и ирригация", "Айыл чарбасы жана сугат"),
    ("economy-jobs", "Экономика и занятость", "Экономика жана жумуш менен камсыз кылуу"),
    ("social-protection", "Социальная защита", "Социалдык коргоо"),
    ("energy", "Энергоснабжение и освещение", "Энергия менен камсыздоо жана жарык"),
    (
        "environment-climate",
        "Экология и адаптация к изменению климата",
        "Экология жана климаттын өзгөрүшүнө ыңгайлашуу",
    ),
]


def load(apps, schema_editor):
    Sector = apps.get_model("planning", "Sector")
    for position, (code, ru, ky) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            code=code,
            defaults={"name": ru, "name_ru": ru, "name_ky": ky, "sort_order": position},
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
