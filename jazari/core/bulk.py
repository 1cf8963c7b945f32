"""Writing many rows at once: the raw SQL that bulk imports share, and what it relies on.

`bulk_create` builds a model instance and binds each value of each row, more than the database needs to
store it. The helpers here speak SQL directly, on SQLite and PostgreSQL, and know nothing of any one model:

- `Insert`: an INSERT of many rows of a model, the rows as one parameter the database unpacks;
- `reserve_ids`: primary keys for rows not written yet, so rows referring to them can be prepared first;
- `references_unchecked` and `missing_keys`: whether SQLite checks references row by row on this connection,
  and the check of many references at once that replaces it;
- `larger_sqlite_cache`: room for SQLite's pages while a large import writes;
- `cyclic_gc_paused`: no cyclic garbage collection while millions of objects are made.

`reserve_ids` relies on SQLite's transactions taking the write lock when they begin (`"transaction_mode":
"IMMEDIATE"` in the database's OPTIONS, as `config/settings.py` sets it): the system check
`check_bulk_database` reports a database opened otherwise.
"""

import gc
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.constants import OnConflict
from django.utils import timezone

ROWS_PER_STATEMENT = 50_000

Write = Callable[[Any], int]  # runs one statement with a cursor; the number of rows it writes


# --- What the helpers rely on -------------------------------------------------------------------------


def check_bulk_database(**kwargs: Any) -> list[checks.CheckMessage]:
    """The system check of what the bulk helpers rely on, in the settings of the default database (the one
    they write to): see `database_problems`."""
    return database_problems(settings.DATABASES.get(DEFAULT_DB_ALIAS, {}))


def database_problems(database: Mapping[str, Any]) -> list[checks.CheckMessage]:
    """What the bulk helpers need and a database's settings (one entry of `DATABASES`) do not give: on
    SQLite, transactions that take the write lock when they begin (`reserve_ids` hands out the keys after
    the largest one used, which another writer could take before the rows are written otherwise)."""
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return []
    mode = (database.get("OPTIONS") or {}).get("transaction_mode")
    if str(mode).upper() == "IMMEDIATE":
        return []
    return [
        checks.Error(
            f"The SQLite database is opened with transaction_mode {mode!r}: bulk imports reserve keys for "
            f"the rows they write and need transactions that take the write lock when they begin.",
            hint='Set "transaction_mode": "IMMEDIATE" in DATABASES["default"]["OPTIONS"] '
            "(config/settings.py does).",
            obj="DATABASES['default']",
            id="core.E001",
        )
    ]


# --- Inserting many rows ------------------------------------------------------------------------------


@dataclass
class Insert:
    """An INSERT of many rows of `model`: the values of the fields `columns` for each row, and `shared` values
    on every row; the model's other fields get their defaults. With `ignore`, rows that would break a unique
    constraint are skipped.

    A row holds the values of the fields `columns`; with a single column, rows are its values themselves, as
    the database takes them. The values of the `prepared` columns also are.

    `bulk_create` builds a model instance and binds each value of each row, some 20 µs a row: more than the
    database needs to store it. Here the shared values are sent once, and the rows as one parameter per
    statement that the database unpacks itself: a JSON array on SQLite (`json_each`), one array per column on
    PostgreSQL (`unnest`).
    """

    sql: str
    shared_values: list[Any]
    fields: list["models.Field[Any, Any]"]
    prepared: Collection[str]
    database: Any

    @classmethod
    def of(
        cls,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        shared: Mapping[str, Any] | None = None,
        prepared: Collection[str] = (),
        ignore: bool = True,
    ) -> "Insert":
        meta = model._meta
        row_fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in columns]
        shared_fields, shared_values = _shared_values(model, row_fields, shared or {})
        database = connections[DEFAULT_DB_ALIAS]
        quote = database.ops.quote_name
        if database.vendor == "postgresql":
            names = [f"c{index}" for index in range(len(row_fields))]
            arrays = ", ".join(f"%s::{model_field.db_type(database)}[]" for model_field in row_fields)
            source = f"unnest({arrays}) AS v({', '.join(names)})"
        else:  # SQLite, with its JSON functions (Django's JSONField needs them too)
            single = len(row_fields) == 1
            names = (
                ["value"] if single else [f"json_extract(value, '$[{i}]')" for i in range(len(row_fields))]
            )
            source = "json_each(%s)"
        targets = ", ".join(quote(model_field.column) for model_field in [*shared_fields, *row_fields])
        selected = ", ".join(["%s"] * len(shared_fields) + names)
        on_conflict = OnConflict.IGNORE if ignore else None
        suffix = database.ops.on_conflict_suffix_sql(row_fields, on_conflict, None, None)
        insert = database.ops.insert_statement(on_conflict=on_conflict)
        # Only names from the model's metadata and placeholders go into the text of the statement.
        sql = f"{insert} {quote(meta.db_table)} ({targets}) SELECT {selected} FROM {source} {suffix}"  # noqa: S608
        return cls(sql, shared_values, row_fields, prepared, database)

    def writes(self, rows: Sequence[Any]) -> Iterator[Write]:
        """The statements that write `rows`, `ROWS_PER_STATEMENT` at most each, their parameters made."""
        single = len(self.fields) == 1
        if not single:
            rows = _database_values(self.fields, rows, self.prepared, self.database)
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            packed: list[Any]
            if self.database.vendor == "postgresql":
                packed = [list(chunk)] if single else [list(column) for column in zip(*chunk, strict=True)]
            else:
                packed = [json.dumps(chunk, ensure_ascii=False)]
            yield partial(_execute, self.sql, [*self.shared_values, *packed], len(chunk))


def _execute(sql: str, parameters: Sequence[Any], rows: int, cursor: Any) -> int:
    cursor.execute(sql, parameters)
    return rows


def _shared_values(
    model: type[models.Model], row_fields: Sequence["models.Field[Any, Any]"], shared: Mapping[str, Any]
) -> tuple[list["models.Field[Any, Any]"], list[Any]]:
    """The fields given once for every row, with their values ready for the database: those of `shared`,
    the time of now for timestamps, and the default of every other field (a NULL needs no value)."""
    now = timezone.now()
    fields, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field in row_fields:
            continue
        if model_field.name in shared:
            value = shared[model_field.name]
        elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = now
        elif model_field.has_default() and callable(model_field.default):
            raise ValueError(f"{model._meta.label}.{model_field.name} needs a value for each row")
        else:
            value = model_field.get_default()
        if value is not None:  # left out, it is NULL; PostgreSQL could not tell the type of a bare NULL here
            fields.append(model_field)
            values.append(model_field.get_db_prep_save(value, connection))
    return fields, values


# Values of these field types go to the database as Python gives them.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _database_values(
    row_fields: Sequence["models.Field[Any, Any]"],
    rows: Sequence[Sequence[Any]],
    prepared: Collection[str],
    database: Any,
) -> Sequence[Sequence[Any]]:
    """`rows` with each value as the database takes it (a UUID as hexadecimal text on SQLite, ...), but for
    the fields named in `prepared`, whose values already are."""
    to_prepare = [
        (index, model_field)
        for index, model_field in enumerate(row_fields)
        if model_field.name not in prepared and model_field.get_internal_type() not in _AS_IS
    ]
    if not to_prepare:
        return rows
    values_of = [list(row) for row in rows]
    for index, model_field in to_prepare:
        prepare = model_field.get_db_prep_save
        for values in values_of:
            values[index] = prepare(values[index], database)
    return values_of


# --- Keys and references ------------------------------------------------------------------------------


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for new rows of `model`, reserved now so that rows referring to them can be
    prepared before the rows themselves are written.

    PostgreSQL hands them out from the table's sequence. SQLite gives the next ones after the largest ever
    used: the caller's transaction holds the database's write lock (Django opens it IMMEDIATE here, see
    `check_bulk_database`), and a key taken meanwhile would make the insert fail, not write over another row.
    """
    if not count:
        return []
    table, column = model._meta.db_table, cast("models.Field[Any, Any]", model._meta.pk).column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            # Only names from the model's metadata go into the text of the statement.
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max({quote(column)}) FROM {quote(table)}), 0))",
            [table],
        )
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


def references_unchecked() -> bool:
    """Whether the connection has its foreign key checks turned off (SQLite only: a caller may turn them off
    before its transaction with `connection.constraint_checks_disabled()`, and then checks its references
    itself, at once, with `missing_keys`)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        (enforced,) = cursor.fetchone()
    return not enforced


def missing_keys(model: type[models.Model], keys: Iterable[int]) -> int:
    """How many of `keys` are the primary key of no row of `model`, in one statement however many."""
    column = cast("models.Field[Any, Any]", model._meta.pk).column
    ids = list(keys)
    source, parameter = (
        ("unnest(%s::bigint[]) AS v(value)", ids)
        if connection.vendor == "postgresql"
        else ("json_each(%s)", json.dumps(ids))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            # Only names from the model's metadata go into the text of the statement.
            f"SELECT count(*) FROM {source} WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} "
            f"WHERE {connection.ops.quote_name(column)} = value)",
            [parameter],
        )
        (missing,) = cursor.fetchone()
    return int(missing)


# --- Room to work ---------------------------------------------------------------------------------------


@contextmanager
def larger_sqlite_cache(kibibytes: int = 256 * 1024) -> Iterator[None]:
    """Let SQLite keep up to 256 MB of pages in memory on this connection while it imports (2 MB by default).

    A large import writes into indexes much bigger than the default cache, all over them (people's ids,
    random public identifiers): without room, SQLite writes out and reads back the same pages again and
    again. The cache grows only as pages are used, and is set back afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        if not connection.needs_rollback:  # else the connection takes no query until the rollback
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is read or written. A large import makes
    millions of objects (cells, records, rows) that form no cycles, and the collector would go over all of
    them again and again for nothing: a quarter of the time of reading a million rows. Memory is freed as
    always, by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
