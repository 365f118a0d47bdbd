"""The Kyrgyz catalog uses the glossary's words (GLOSSARY.md, «Interface»): a task of the
working group is «тапшырма» (never «милдет», an objective of the programme), a status is «абал»,
moderation «текшерүү», a frozen version «бекемделген», a page «бет», a template «үлгү», before →
after «мурунку мааниси → жаңы мааниси»."""

from pathlib import Path

import polib
import pytest

KY = Path(__file__).resolve().parent.parent / "locale/ky/LC_MESSAGES/django.po"


@pytest.fixture(scope="module")
def catalog():
    return [entry for entry in polib.pofile(str(KY)) if not entry.obsolete]


def _texts(entry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


@pytest.mark.parametrize(
    ("russian", "kyrgyz_word", "wrong"),
    [
        ("статус", "абал", "статус"),
        ("модер", "текшер", "модерац"),
        ("заморож", "бекемдел", "тоңдур"),
        ("шаблон", "үлгү", "шаблон"),
        ("страниц", "бет", "барак"),
    ],
)
def test_the_glossary_word_is_used(catalog, russian, kyrgyz_word, wrong):
    wrong_entries = [
        entry.msgid
        for entry in catalog
        if russian in entry.msgid.lower()
        and any(wrong in text.lower() for text in _texts(entry))
        and "лист" not in entry.msgid.lower()  # a sheet of a workbook is «барак»
    ]
    assert wrong_entries == []


def test_a_task_of_the_workplan_is_tapshyrma(catalog):
    workplan = [
        entry
        for entry in catalog
        if any("workgroup" in path for path, _line in entry.occurrences)
        and entry.msgid.lower().startswith("задач")
    ]
    assert workplan
    assert [e.msgid for e in workplan if "милдет" in e.msgstr.lower()] == []


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Было", "Мурунку мааниси"),
        ("Стало", "Жаңы мааниси"),
        ("с %(since)s", "%(since)s-жылдан тартып"),
        ("Все обязательные проверки пройдены.", "Программа бардык милдеттүү текшерүүлөрдөн өттү."),
        ("Местный бюджет по годам", "Жылдар боюнча жергиликтүү бюджет"),
        ("Члены рабочей группы по организациям", "Уюмдар боюнча жумушчу топтун мүчөлөрү"),
        ("(выбрано)", "(тандалган)"),
        ("нарастающим итогом", "өсүп баруучу жыйынтык менен"),
    ],
)
def test_fixed_wording(catalog, msgid, msgstr):
    assert next(e for e in catalog if e.msgid == msgid and not e.msgctxt).msgstr == msgstr
