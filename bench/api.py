"""Benchmark: a filtered, paginated API list against the trivial health check, served by gunicorn.

    DJANGO_DEBUG=true .venv/bin/python bench/api.py                    # small demo data, a quick run
    DJANGO_DEBUG=true .venv/bin/python bench/api.py --scale national   # the documented run

It builds a throw-away SQLite database in a temporary folder (migrate, reference data, `jazari seed --scale`),
starts gunicorn on 127.0.0.1 and a free port (`config.wsgi`, 2 workers, production settings: DEBUG off, a
generated secret key, plain static files), waits for /healthz, then loads, in alternating rounds (so that
whatever else the machine does falls on both alike) and with the same client (N threads, each with its own
keep-alive connection, for a fixed duration in all):

(a) the list: GET /api/v1/organisations?page_size=50&region=MA-06 (filter, count, one page of 50, JSON);
(b) the baseline: GET /healthz (one `SELECT 1`, a tiny JSON answer).

`--scale national` seeds 20,000 organisations and 300,000 people first (several minutes);
`--database FILE` reads an existing, migrated and seeded SQLite database instead (it is only read).

It prints, for each, the throughput (requests per second) and the p50 and p99 latencies, and last
`ratio=<throughput of (a) / throughput of (b)>`. Gunicorn and the database are removed afterwards, also after
an error. Nothing but 127.0.0.1 is ever called.
"""

import argparse
import http.client
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from _setup import prepare_database

from jazari.core.serving import HOST, free_port, gunicorn

LIST_PATH = "/api/v1/organisations?page_size=50&region=MA-06"
BASELINE_PATH = "/healthz"


@dataclass
class Load:
    """What one load produced: how many answers in how long, and how long each took."""

    requests: int
    seconds: float
    latencies: list[float]
    failures: int

    def __add__(self, other: "Load") -> "Load":
        return Load(
            requests=self.requests + other.requests,
            seconds=self.seconds + other.seconds,
            latencies=self.latencies + other.latencies,
            failures=self.failures + other.failures,
        )

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def line(self, label: str) -> str:
        return (
            f"{label}: {self.throughput:,.1f} req/s, p50 {self.percentile(0.50) * 1000:.1f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.1f} ms ({self.requests:,} requests, {self.failures} failed)"
        )


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    return response.status, response.read()


def load(port: int, path: str, threads: int, seconds: float) -> Load:
    """`threads` clients, each on its own connection (reopened when the server closes it), for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    failures = [0] * threads
    start = threading.Barrier(threads + 1)
    stop_at = 0.0

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        start.wait()
        while (now := time.perf_counter()) < stop_at:
            try:
                status, _body = get(connection, path)
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            latencies[index].append(time.perf_counter() - now)
            if status != 200:
                failures[index] += 1
        connection.close()

    workers = [threading.Thread(target=client, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    began = time.perf_counter()
    stop_at = began + seconds
    start.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    every = [latency for per_client in latencies for latency in per_client]
    return Load(requests=len(every), seconds=elapsed, latencies=every, failures=sum(failures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small", help="demo data to seed")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each load (default 10)")
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="the loads alternate in this many rounds (default 5)"
    )
    parser.add_argument(
        "--database",
        type=Path,
        help="an existing, migrated and seeded SQLite database to read instead of seeding a new one",
    )
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="jazari-bench-api-"))
    database = options.database.resolve() if options.database else folder / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "JAZARI_LOG_LEVEL": "ERROR",
    }
    try:
        if options.database is None:
            prepare_database(options.scale, env)
        port = free_port()
        with gunicorn(port, env):
            status, body = get(http.client.HTTPConnection(HOST, port, timeout=30), LIST_PATH)
            if status != 200:
                raise RuntimeError(f"{LIST_PATH} answered {status}: {body[:300]!r}")
            count = json.loads(body)["count"]
            print(f"{LIST_PATH} answers 200 ({count:,} organisations in the region)", flush=True)
            for path in (LIST_PATH, BASELINE_PATH):  # warm both up: imports, connections, caches
                load(port, path, options.threads, 1.0)
            # Alternating short loads share out whatever else the machine does between (a) and (b).
            listed, baseline = Load(0, 0.0, [], 0), Load(0, 0.0, [], 0)
            for _round in range(options.rounds):
                listed += load(port, LIST_PATH, options.threads, options.seconds / options.rounds)
                baseline += load(port, BASELINE_PATH, options.threads, options.seconds / options.rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"gunicorn, 2 workers; {options.threads} client threads, "
        f"{options.seconds:.0f} s per load in {options.rounds} rounds"
    )
    print(listed.line(f"(a) GET {LIST_PATH}"))
    print(baseline.line(f"(b) GET {BASELINE_PATH}"))
    print(f"ratio={listed.throughput / baseline.throughput:.2f}")
    return 1 if listed.failures or baseline.failures else 0


if __name__ == "__main__":
    sys.exit(main())
