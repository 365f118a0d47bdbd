"""The embedded default's SQLite database under concurrent writers: the web server's threads
and the worker share one file."""

import threading

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler


def _read_then_write_while_another_writes(path, options) -> list[str]:
    """Connection a reads, then writes, in one transaction (a request under ATOMIC_REQUESTS);
    meanwhile connection b, in another thread, writes. Returns the rows written."""
    handler = ConnectionHandler(
        {
            alias: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}
            for alias in ("default", "b")
        }
    )
    a = handler["default"]
    a.cursor().execute("CREATE TABLE note (text TEXT)")
    failures = []

    def other_writer():
        b = handler["b"]
        try:
            b.cursor().execute("INSERT INTO note VALUES ('b')")
        except OperationalError as error:
            failures.append(error)
        finally:
            b.close()

    writer = threading.Thread(target=other_writer)
    try:
        a._start_transaction_under_autocommit()  # what transaction.atomic() does on SQLite
        a.cursor().execute("SELECT count(*) FROM note")
        writer.start()
        writer.join(timeout=0.5)  # b either waits for a's lock or writes now
        a.cursor().execute("INSERT INTO note VALUES ('a')")
        a.commit()
    finally:
        writer.join()
    rows = sorted(text for (text,) in a.cursor().execute("SELECT text FROM note").fetchall())
    a.close()
    if failures:
        raise failures[0]
    return rows


@pytest.fixture(autouse=True)
def _own_files(django_db_blocker):
    """These tests open SQLite files of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def test_a_transaction_that_reads_then_writes_waits_for_another_writer(tmp_path):
    assert _read_then_write_while_another_writes(
        tmp_path / "db.sqlite3", settings.SQLITE_OPTIONS
    ) == [
        "a",
        "b",
    ]


def test_without_the_options_it_fails_with_database_is_locked(tmp_path):
    """The failure the options prevent (SQLite's default deferred transactions)."""
    with pytest.raises(OperationalError, match="database is locked"):
        _read_then_write_while_another_writes(tmp_path / "db.sqlite3", {"timeout": 1})


def test_the_embedded_default_uses_the_options():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("runs on the embedded default's SQLite")
    assert settings.DATABASES["default"]["OPTIONS"] == settings.SQLITE_OPTIONS
