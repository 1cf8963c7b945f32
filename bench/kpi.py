"""Benchmark: every computed indicator for the nation, the 12 regions and every institute, through the
platform (the registry's grouped ORM queries) against hand-written SQL computing the same numbers.

    DJANGO_DEBUG=true .venv/bin/python bench/kpi.py                    # small demo data, a quick run
    DJANGO_DEBUG=true .venv/bin/python bench/kpi.py --scale national   # the documented run
    DJANGO_DEBUG=true .venv/bin/python bench/kpi.py --database-url postgres://...   # on PostgreSQL

It builds a throw-away SQLite database in a temporary folder (migrate, reference data, `jazari seed
--scale`), or uses the empty database given with `--database-url`, then times, alternately and in the same
process, `--repeat` runs of:

(a) the platform: `compute_all(quarter)`, every registered computed indicator, all scopes;
(b) the baseline: the plain SQL of `jazari/indicators/tests/plain_sql.py`, the same numbers.

Both must give the same numbers (checked before timing). It prints the best time of each and last
`ratio=<platform / sql>`. The temporary database is removed afterwards, also after an error.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _setup import prepare_database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def best_of(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _run in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(repeat: int, quarter_text: str) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection

    from jazari.indicators.periods import Quarter
    from jazari.indicators.registry import compute_all
    from jazari.indicators.tests.plain_sql import compute_plain

    quarter = Quarter.parse(quarter_text)

    def platform() -> dict[str, dict[tuple[str, int | None], Any]]:
        values: dict[str, dict[tuple[str, int | None], Any]] = {}
        for code, figures in compute_all(quarter).items():
            cells = {("national", None): figures.national.value} if figures.national else {}
            cells.update({("region", pk): cell.value for pk, cell in figures.regions.items()})
            cells.update({("institute", pk): cell.value for pk, cell in figures.institutes.items()})
            values[code] = cells
        return values

    computed, plain = platform(), compute_plain(quarter)
    if computed != plain:
        differing = sorted(code for code in plain if computed.get(code) != plain[code])
        raise SystemExit(f"the platform and the SQL disagree on: {', '.join(differing)}")
    cells = sum(len(values) for values in plain.values())
    print(
        f"{connection.vendor}, quarter {quarter}: {len(plain)} indicators, {cells} values, same numbers",
        flush=True,
    )
    platform_times, sql_times = [], []
    for _round in range(repeat):  # alternate, so that both see the same caches
        platform_times.append(best_of(platform, 1))
        sql_times.append(best_of(lambda: compute_plain(quarter), 1))
    platform_best, sql_best = min(platform_times), min(sql_times)
    print(f"platform (registry, ORM): {platform_best * 1000:.1f} ms (best of {repeat})")
    print(f"hand-written SQL:         {sql_best * 1000:.1f} ms (best of {repeat})")
    print(f"ratio={platform_best / sql_best:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small", help="demo data to seed")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--quarter", default="2026-Q3", help="the quarter to compute (default 2026-Q3)")
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="jazari-bench-kpi-"))
    url = options.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    try:
        prepare_database(options.scale, env)
        os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"})
        os.environ.setdefault("DJANGO_DEBUG", "true")
        measure(options.repeat, options.quarter)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
