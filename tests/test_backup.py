"""Backups that restore: `manage.py backup` writes the database and the uploaded files into one
archive with their SHA-256; `manage.py restore` brings it back on an empty installation and
refuses a damaged or foreign archive. On SQLite (the embedded default) and on PostgreSQL (CI,
production): the restore runs in a process of its own, on a new database and media folder."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from common.backup import FORMAT, MANIFEST, VERSION
from municipalities.models import User

from .backup_fingerprint import fingerprint
from .factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
PDF = "%PDF-1.4\n% Көк-Жар\n1 0 obj << >> endobj\n%%EOF\n".encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(transactional_db, geography, media):
    """The demo, with the official document of Кок-Жар's programme (its file in MEDIA_ROOT)."""
    from demo.loader import demo_programmes_create
    from demo.users import demo_people, demo_users_create
    from documents.models import Document
    from planning.models import Programme

    people = demo_people()
    demo_users_create(people)
    demo_programmes_create(people)
    # the version in force (the demo's version 1 was superseded by an amendment)
    programme = Programme.objects.get(municipality__slug="kok-zhar", status="in_implementation")
    document = Document(
        kind="programme",
        object_id=programme.pk,
        language="ru",
        status="done",
        size=len(PDF),
        pages=1,
        sha256=hashlib.sha256(PDF).hexdigest(),
        content_hash="0" * 64,
    )
    document.file.save("kok-zhar-2020-2024.pdf", ContentFile(PDF), save=False)
    document.save()
    return programme


def backup(output: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output=output, stdout=out)
    archives = sorted(output.glob("psep-backup-*.tar.gz"))
    assert len(archives) == 1, out.getvalue()
    return archives[0]


class FreshInstallation:
    """A new, empty database and media folder for `manage.py` in processes of their own."""

    def __init__(self, tmp_path: Path):
        self.media = tmp_path / "restored-media"
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
            self.name = None
        else:
            self.name = f"{settings_dict['NAME']}_restored"[:63]
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            credentials = settings_dict["USER"] or ""
            if settings_dict.get("PASSWORD"):
                credentials += f":{settings_dict['PASSWORD']}"
            host = settings_dict["HOST"] or "localhost"
            port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
            self.url = f"postgres://{credentials}@{host}{port}/{self.name}"

    def manage(self, *arguments: str) -> subprocess.CompletedProcess:
        environment = {
            name: value
            for name, value in os.environ.items()
            if name in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="tests.settings",
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(self.media),
            CELERY_BROKER_URL="memory://",
        )
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def drop(self):
        if self.name:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def fresh(transactional_db, tmp_path):
    installation = FreshInstallation(tmp_path)
    yield installation
    installation.drop()


def test_the_demo_comes_back_whole_on_a_fresh_installation(demo, fresh, tmp_path):
    before = fingerprint()
    assert before["programmes"] and before["files"]
    assert sum(len(rows) for rows in before["history"].values()) > 100
    document = next(item for key, item in before["files"].items() if "documents" in key.lower())
    assert document["sha256 of the file"] == document["sha256 recorded"]

    archive = backup(tmp_path / "backups")

    restored = fresh.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    migrations = fresh.manage("migrate", "--check")
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr
    code = "from tests.backup_fingerprint import fingerprint_json; print(fingerprint_json())"
    described = fresh.manage("shell", "-c", code)
    assert described.returncode == 0, described.stderr
    after = json.loads(described.stdout.strip().splitlines()[-1])
    assert after["programmes"] == before["programmes"]
    assert after["history"] == before["history"]
    assert after["files"] == before["files"]
    assert after["users"] == before["users"]

    # the restored installation is no longer empty: a second restore is refused
    again = fresh.manage("restore", str(archive))
    assert again.returncode != 0
    assert "not empty" in again.stderr


# --- what is refused ------------------------------------------------------------------------


@pytest.fixture
def small(transactional_db, media):
    """An installation with a person and an uploaded scan."""
    UserFactory(email="aibek@psep.example")
    scan = Path(media) / "hearings" / "2019" / "minutes.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(PDF)
    return scan


def restore_refused(archive: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())
    return str(refused.value)


def rewritten(archive: Path, target: Path, change) -> Path:
    """A copy of `archive` whose members go through `change(name, data) -> (name, data)`
    (None drops the member)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()
            changed = change(member.name, data)
            if changed is None:
                continue
            name, data = changed
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


def with_manifest(archive: Path, target: Path, edit) -> Path:
    def change(name, data):
        if name == MANIFEST:
            manifest = json.loads(data)
            edit(manifest)
            return name, json.dumps(manifest).encode()
        return name, data

    return rewritten(archive, target, change)


def test_a_damaged_archive_is_refused_and_nothing_is_written(small, tmp_path):
    archive = backup(tmp_path / "backups")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    assert "The archive is damaged" in restore_refused(damaged)
    assert small.read_bytes() == PDF
    assert User.objects.filter(email="aibek@psep.example").exists()


def test_a_changed_file_is_refused_by_its_checksum(small, tmp_path):
    archive = backup(tmp_path / "backups")
    changed = rewritten(
        archive,
        tmp_path / "changed.tar.gz",
        lambda name, data: (name, data + b"%" if name.startswith("media/") else data),
    )
    message = restore_refused(changed)
    assert "The archive is damaged" in message
    assert "media/hearings/2019/minutes.pdf: its SHA-256 or size differs" in message


def test_a_file_the_manifest_does_not_list_is_refused(small, tmp_path):
    archive = backup(tmp_path / "backups")
    extra = tmp_path / "extra.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(extra, "w:gz") as out:
        for member in source:
            out.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("media/planted.html")
        info.size = 4
        out.addfile(info, io.BytesIO(b"evil"))
    assert "files not in manifest.json: media/planted.html" in restore_refused(extra)


@pytest.mark.parametrize(
    "content",
    [b"not an archive at all", b"\x1f\x8b\x08\x00" + b"\x00" * 40],
    ids=["text", "broken gzip"],
)
def test_what_is_not_an_archive_is_refused(small, tmp_path, content):
    path = tmp_path / "psep-backup.tar.gz"
    path.write_bytes(content)
    message = restore_refused(path)
    assert "nothing was restored" in message


def test_a_foreign_archive_is_refused(small, tmp_path):
    foreign = tmp_path / "site-backup.tar.gz"
    with tarfile.open(foreign, "w:gz") as out:
        info = tarfile.TarInfo("db.json")
        info.size = 2
        out.addfile(info, io.BytesIO(b"[]"))
    assert "This is not a backup of the ПСЭР portal" in restore_refused(foreign)
    archive = backup(tmp_path / "backups")
    other = with_manifest(
        archive, tmp_path / "other.tar.gz", lambda manifest: manifest.update(format="other")
    )
    assert "This is not a backup of the ПСЭР portal" in restore_refused(other)


def test_a_path_outside_the_archive_is_refused(small, tmp_path):
    archive = backup(tmp_path / "backups")
    escaping = rewritten(
        archive,
        tmp_path / "escaping.tar.gz",
        lambda name, data: (name.replace("media/", "media/../../", 1), data),
    )
    assert "unexpected entry" in restore_refused(escaping)
    assert not (tmp_path / "hearings").exists()


def test_another_engine_or_a_newer_portal_is_refused(small, tmp_path):
    archive = backup(tmp_path / "backups")
    other_engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def engine(manifest):
        database = {"sqlite": "database.sqlite3", "postgresql": "database.sql"}[other_engine]
        manifest["files"][database] = manifest["files"].pop(manifest["database"])
        manifest.update(engine=other_engine, database=database)

    def renamed(name, data):
        if name.startswith("database."):
            return {"sqlite": "database.sqlite3", "postgresql": "database.sql"}[other_engine], data
        return name, data

    moved = rewritten(archive, tmp_path / "moved.tar.gz", renamed)
    message = restore_refused(with_manifest(moved, tmp_path / "engine.tar.gz", engine))
    assert f"holds a {other_engine} database" in message

    newer = with_manifest(
        archive,
        tmp_path / "newer.tar.gz",
        lambda manifest: manifest["migrations"].append(["planning", "9999_from_the_future"]),
    )
    assert "made by a newer version of the portal" in restore_refused(newer)
    assert VERSION == 1 and FORMAT == "psep-portal-backup"


def test_an_installation_that_is_not_empty_is_refused(small, tmp_path, media):
    archive = backup(tmp_path / "backups")
    assert "not empty: it has user accounts" in restore_refused(archive)
    User.objects.all().delete()
    assert "already holds files" in restore_refused(archive)
    assert small.read_bytes() == PDF


def test_nightly_backups_keep_the_newest(small, tmp_path):
    output = tmp_path / "backups"
    output.mkdir()
    for day in ("20260101-020000", "20260102-020000", "20260103-020000"):
        (output / f"psep-backup-{day}.tar.gz").write_bytes(b"old")
    out = io.StringIO()
    call_command("backup", output=output, keep=2, stdout=out)
    kept = sorted(path.name for path in output.glob("psep-backup-*.tar.gz"))
    assert len(kept) == 2
    assert kept[0] == "psep-backup-20260103-020000.tar.gz"
    assert "Older backup deleted" in out.getvalue()
