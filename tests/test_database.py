"""The embedded default's SQLite database under concurrent writers (the web server's threads
and the worker share one file), and the connection options of PostgreSQL."""

import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.utils import ConnectionHandler

from tests.portal_settings import portal_setting


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


def _database_settings(**environment) -> dict:
    return portal_setting("DATABASES", **environment)["default"]


POSTGRES_URL = "postgres://psep@127.0.0.1:5432/psep"


def test_postgresql_binds_parameters_on_the_server_and_prepares_statements():
    options = _database_settings(DATABASE_URL=POSTGRES_URL)["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler():
    options = _database_settings(DATABASE_URL=POSTGRES_URL, DB_PREPARED_STATEMENTS="false").get(
        "OPTIONS", {}
    )
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_sqlite_gets_no_postgresql_options(tmp_path):
    options = _database_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")["OPTIONS"]
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_a_statement_asked_for_again_and_again_is_prepared_on_the_connection():
    from municipalities.models import Oblast

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {statement for (statement,) in cursor.fetchall()}

    for _ in range(6):
        list(Oblast.objects.filter(slug="osh"))
    assert any('FROM "municipalities_oblast"' in statement for statement in prepared())
