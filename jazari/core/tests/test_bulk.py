"""The system check of what the bulk SQL helpers (`core/bulk.py`) rely on: SQLite transactions that take
the write lock when they begin."""

from django.core import checks

from jazari.core.bulk import check_bulk_database, database_problems

SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "jazari.sqlite3"}


def test_the_project_settings_pass_the_check():
    assert check_bulk_database() == []
    assert not [message for message in checks.run_checks() if message.id == "core.E001"]


def test_it_is_a_registered_check():
    assert check_bulk_database in checks.registry.registry.get_checks()


def test_it_refuses_sqlite_without_immediate_transactions():
    for options in ({}, {"timeout": 20}, {"transaction_mode": "DEFERRED"}, {"transaction_mode": None}):
        (error,) = database_problems({**SQLITE, "OPTIONS": options})
        assert error.id == "core.E001" and error.level == checks.ERROR
        assert "transaction_mode" in error.msg and '"transaction_mode": "IMMEDIATE"' in error.hint
    (error,) = database_problems(SQLITE)  # no OPTIONS at all
    assert error.id == "core.E001"


def test_it_accepts_immediate_transactions_and_other_databases():
    assert database_problems({**SQLITE, "OPTIONS": {"transaction_mode": "IMMEDIATE"}}) == []
    assert database_problems({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}}) == []
