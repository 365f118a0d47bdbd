"""Every message exists in Russian and Kyrgyz, and the catalogs hold every string in the code."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = {lang: ROOT / f"locale/{lang}/LC_MESSAGES/django.po" for lang in ("ru", "ky")}
KYRGYZ_LETTERS = set("ңөүҢӨҮ")


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_catalog_has_no_untranslated_or_fuzzy_entry(lang):
    catalog = polib.pofile(str(CATALOGS[lang]))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert untranslated == [], f"{lang}: untranslated {untranslated}"
    assert fuzzy == [], f"{lang}: fuzzy {fuzzy}"
    assert len(catalog) > 100


def test_kyrgyz_catalog_is_kyrgyz_not_a_copy_of_russian():
    catalog = polib.pofile(str(CATALOGS["ky"]))
    # a phrase of three words or more left in Russian (a term like «донор / грант» is the same
    # in both languages)
    copied = [
        e.msgid
        for e in catalog
        if e.msgstr == e.msgid
        and len(re.findall(r"\w{2,}", re.sub(r"%\(\w+\)[sd]", "", e.msgid))) >= 3
    ]
    assert copied == []
    with_kyrgyz_letters = [e for e in catalog if KYRGYZ_LETTERS & set(e.msgstr)]
    assert len(with_kyrgyz_letters) > len(catalog) // 3


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_catalog_keeps_placeholders(lang):
    catalog = polib.pofile(str(CATALOGS[lang]))
    pattern = re.compile(r"%\(\w+\)[sd]")
    for entry in catalog:
        expected = set(pattern.findall(entry.msgid))
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in translations:
            assert set(pattern.findall(text)) == expected, entry.msgid


def test_catalogs_contain_every_string_of_the_code(tmp_path):
    """A string added to the code without `make messages` would show Russian in the Kyrgyz UI."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", "staticfiles", ".git", "node_modules", "*.mo", "test-results", "media"
        ),
    )
    (copy / "locale/ky/LC_MESSAGES/django.po").unlink()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ky",
            "--ignore=tests",
            "--ignore=scripts",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/ky/LC_MESSAGES/django.po"))
    }
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGS["ky"]))}
    missing = sorted(m for _, m in extracted - committed)
    assert missing == [], f"run `make messages` and translate: {missing}"
