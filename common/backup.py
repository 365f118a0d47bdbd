"""Backups that restore: one archive with the database and the uploaded files.

`backup_create` writes `psep-backup-<UTC time>.tar.gz`:

    database.sql        pg_dump of the PostgreSQL database (production), or
    database.sqlite3    a copy of the SQLite database made with SQLite's backup API (the
                        embedded default: consistent while the portal keeps writing)
    media/…             every file under MEDIA_ROOT (scans, PDF documents)
    manifest.json       what the archive is (its format, the database engine, the migrations
                        applied) and the SHA-256 and size of every file above; written last

`backup_restore` brings an archive back on an empty installation (nobody has an account yet and
MEDIA_ROOT holds no file): it reads the whole archive into a staging folder first and refuses,
before writing anything, an archive that is damaged (unreadable, a file whose SHA-256 or size
differs from the manifest, a file the manifest does not list), foreign (no manifest of this
format, a path outside the archive), from another database engine, or from a newer version of
the portal (migrations this code does not have).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "psep-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.sql"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    files: int  # media files
    bytes: int  # the archive's size


# --- writing ------------------------------------------------------------------------------------


def backup_create(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> Backup:
    """Write a new archive into the folder `output` and return it."""
    output.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    engine = _engine(connection)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    final = output / f"psep-backup-{stamp}.tar.gz"
    partial = output / f".{final.name}.partial"
    files = {}
    media_count = 0
    try:
        with tempfile.TemporaryDirectory(dir=output) as staging:
            database = Path(staging) / DATABASE_FILES[engine]
            _dump_database(connection, engine, database)
            with tarfile.open(partial, "w:gz") as archive:
                files[database.name] = _add(archive, database, database.name)
                for path, name in _media_files():
                    files[name] = _add(archive, path, name)
                    media_count += 1
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created": datetime.now(UTC).isoformat(),
                    "engine": engine,
                    "database": database.name,
                    "migrations": _applied_migrations(connection),
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.now(UTC).timestamp())
                archive.addfile(info, _BytesReader(data))
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path=final, files=media_count, bytes=final.stat().st_size)


def backups_prune(*, output: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives of the folder; returns what was deleted."""
    archives = sorted(output.glob("psep-backup-*.tar.gz"))
    old = archives[: max(0, len(archives) - keep)]
    for path in old:
        path.unlink()
    return old


def _engine(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _dump_database(connection, engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return
    result = subprocess.run(  # noqa: S603 — a fixed program with the connection's settings
        [
            _program("pg_dump"),
            "--format=plain",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            f"--file={target}",
        ],
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs of the server's "
            "version (Debian: postgresql-client), then run this again."
        )
    return path


def _pg_environment(connection) -> dict:
    """libpq's variables for the connection's settings (the password never on a command line)."""
    settings_dict = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in {
        "PGDATABASE": "NAME",
        "PGHOST": "HOST",
        "PGPORT": "PORT",
        "PGUSER": "USER",
        "PGPASSWORD": "PASSWORD",
    }.items():
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                yield path, f"{MEDIA}/{path.relative_to(root).as_posix()}"


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    """Add one file under `name`, hashing what is written."""
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as source:
        reader = _HashingReader(source)
        archive.addfile(info, reader)
    return {"sha256": reader.hash.hexdigest(), "size": info.size}


class _HashingReader:
    def __init__(self, source):
        self.source = source
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.source.read(size)
        self.hash.update(data)
        return data


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


def _applied_migrations(connection) -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


# --- reading ------------------------------------------------------------------------------------


def backup_restore(*, archive: Path, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Restore `archive` on this empty installation; returns its manifest. Raises BackupError
    (nothing written) when the archive or the installation is not right for it."""
    connection = connections[using]
    engine = _engine(connection)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    media_root = Path(settings.MEDIA_ROOT)
    staging_parent = media_root.parent if media_root.parent.is_dir() else None
    with tempfile.TemporaryDirectory(dir=staging_parent) as staging:
        staging = Path(staging)
        manifest = _read_archive(archive, staging)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This archive holds a {manifest['engine']} database; this installation runs "
                f"on {engine}. Restore it on an installation with the same database engine."
            )
        _check_migrations(manifest)
        _check_empty(connection, media_root)
        _restore_database(connection, engine, staging / manifest["database"])
        _restore_media(staging / MEDIA, media_root)
    return manifest


def _damaged(reason: str) -> BackupError:
    return BackupError(f"The archive is damaged ({reason}); nothing was restored.")


def _foreign(reason: str) -> BackupError:
    return BackupError(f"This is not a backup of the ПСЭР portal ({reason}); nothing was restored.")


def _read_archive(archive: Path, staging: Path) -> dict:
    """Unpack into `staging`, hashing every file, and check it against its manifest."""
    found: dict[str, dict] = {}
    manifest_data = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _safe_name(member)
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_data = source.read(CHUNK)
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = {"sha256": digest.hexdigest(), "size": size}
            # read the compressed stream to its end: gzip checks its CRC there, and a damage
            # that ended the list of members early shows
            while tar.fileobj.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        if isinstance(error, tarfile.ReadError) and not found and manifest_data is None:
            raise _foreign("not a .tar.gz archive") from error
        raise _damaged(str(error) or type(error).__name__) from error
    if manifest_data is None:
        if set(found) & set(DATABASE_FILES.values()):
            raise _damaged(f"it ends before its {MANIFEST}")
        raise _foreign(f"no {MANIFEST}")
    try:
        manifest = json.loads(manifest_data)
    except ValueError as error:
        raise _damaged(f"{MANIFEST} is not readable") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _foreign(f"{MANIFEST} is not of the format {FORMAT}")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"This archive has version {manifest.get('version')} of the backup format; this "
            f"portal reads version {VERSION}. Restore it with the portal that made it."
        )
    listed = manifest.get("files") or {}
    if manifest.get("engine") not in DATABASE_FILES or manifest.get("database") not in listed:
        raise _damaged(f"{MANIFEST} names no database")
    for name, expected in listed.items():
        if found.get(name) != {"sha256": expected.get("sha256"), "size": expected.get("size")}:
            why = "missing" if name not in found else "its SHA-256 or size differs"
            raise _damaged(f"{name}: {why}")
    unlisted = sorted(set(found) - set(listed))
    if unlisted:
        raise _damaged(f"files not in {MANIFEST}: {', '.join(unlisted[:3])}")
    return manifest


def _safe_name(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts:
        raise _foreign(f"unexpected entry {member.name!r}")
    name = path.as_posix()
    if name != MANIFEST and name not in DATABASE_FILES.values() and path.parts[0] != MEDIA:
        raise _foreign(f"unexpected entry {member.name!r}")
    return name


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {tuple(item) for item in manifest.get("migrations", [])}
    newer = sorted(applied - known)
    if newer:
        names = ", ".join(f"{app}.{name}" for app, name in newer[:3])
        raise BackupError(
            f"This archive was made by a newer version of the portal (migrations {names} …). "
            "Update the portal's code first, then restore."
        )


def _check_empty(connection, media_root: Path) -> None:
    user_model = get_user_model()
    has_users = (
        user_model._meta.db_table in connection.introspection.table_names()
        and user_model._default_manager.db_manager(connection.alias).exists()
    )
    if has_users:
        raise BackupError(
            "This installation is not empty: it has user accounts. A backup is restored on an "
            "empty installation (a new database), so that nothing is mixed or lost."
        )
    if media_root.is_dir() and any(path.is_file() for path in media_root.rglob("*")):
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) already holds files. A backup is restored on an empty "
            "installation, so that nothing is mixed or lost."
        )


def _restore_database(connection, engine: str, dump: Path) -> None:
    if engine == "sqlite":
        name = connection.settings_dict["NAME"]
        if str(name).startswith(":memory:") or "mode=memory" in str(name):
            raise BackupError("An in-memory SQLite database cannot be restored into.")
        target = Path(name)
        connection.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        replacement = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(dump, replacement)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(replacement, target)
        return
    connection.close()
    result = subprocess.run(  # noqa: S603 — a fixed program with the connection's settings
        [
            _program("psql"),
            "--quiet",
            "--no-psqlrc",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={dump}",
        ],
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"psql refused the database dump, nothing was restored: {result.stderr}")


def _restore_media(source: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, media_root, dirs_exist_ok=True)
