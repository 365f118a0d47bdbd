"""Refresh the message catalogs: `make messages`.

Runs makemessages for ru and ky, then fills the Russian catalog: the source strings are
Russian, so each Russian msgstr is its msgid (plural entries need the three Russian forms and
are left for a person when new). Kyrgyz entries are translated by people; the test suite fails
while any is missing or fuzzy.
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
IGNORE = [".venv", "var", "staticfiles", "tests", "scripts", "media"]


def main() -> int:
    args = [sys.executable, "manage.py", "makemessages", "-l", "ru", "-l", "ky"]
    args += ["--add-location=file", "--no-obsolete"] + [f"--ignore={i}" for i in IGNORE]
    subprocess.run(args, cwd=ROOT, check=True)  # noqa: S603
    ru = polib.pofile(str(ROOT / "locale/ru/LC_MESSAGES/django.po"), wrapwidth=100)
    ru.metadata["Language"] = "ru"
    ru.metadata["Plural-Forms"] = (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    )
    for entry in ru:
        if not entry.msgid_plural and not entry.msgstr:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags and not entry.msgid_plural:
            entry.flags.remove("fuzzy")
            entry.msgstr = entry.msgid
    ru.save()
    for entry in ru:
        if entry.msgid_plural and ("fuzzy" in entry.flags or not all(entry.msgstr_plural.values())):
            print("ru: needs its three plural forms:", entry.msgid)
    ky = polib.pofile(str(ROOT / "locale/ky/LC_MESSAGES/django.po"), wrapwidth=100)
    ky.metadata["Language"] = "ky"
    ky.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    ky.save()
    missing = [e.msgid for e in ky if not e.translated()]
    print(f"ky: {len(missing)} messages to translate")
    for msgid in missing:
        print("  ", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
