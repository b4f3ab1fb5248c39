"""A consistent snapshot of all data, and putting one back: SQLite's online backup, PostgreSQL's pg_dump.

Neither stops the site. SQLite copies the database page by page under its own locks, so the copy is
one moment even while learners write; pg_dump reads in one repeatable-read transaction. A restore
replaces everything and then empties the cache, whose copies of sessions and counters belong to the
data that was replaced.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.cache import cache
from django.db import connections


class BackupError(Exception):
    """A one-line reason the backup or restore could not be made."""


def _database():
    connection = connections["default"]
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"no backup method for a {connection.vendor} database")
    return connection


def _postgres_args(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", settings_dict["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "10"}
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{args[0]} is not installed (Debian: apt-get install postgresql-client)") from None
    if result.returncode:
        lines = result.stderr.strip().splitlines() or [f"exit status {result.returncode}"]
        raise BackupError(f"{args[0]} failed: {lines[0]}")


def backup_to(target: Path) -> None:
    """Write the snapshot beside `target` and rename it into place, so a failure leaves no half file."""
    connection = _database()
    partial = target.with_name(target.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(partial)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
        else:
            args, env = _postgres_args(connection.settings_dict)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial), *args], env)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot write {target}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def restore_from(source: Path) -> None:
    """Replace every table with the snapshot's."""
    connection = _database()
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    for each in connections.all(initialized_only=True):
        each.close()  # no open transaction may hold a lock the restore needs, or rows read before it
    if connection.vendor == "sqlite":
        _restore_sqlite(source, connection)
    else:
        args, env = _postgres_args(connection.settings_dict)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(source)], env)
    connection.close()
    cache.clear()


def _restore_sqlite(source: Path, connection) -> None:
    try:
        snapshot = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in snapshot.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "django_migrations" not in tables:
                raise BackupError(f"{source} is not a backup of this site (no django_migrations table)")
            connection.ensure_connection()
            snapshot.backup(connection.connection)
        finally:
            snapshot.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a readable SQLite backup ({exc})") from None
