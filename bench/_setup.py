"""What the benchmarks share: preparing a database, in a child process or in this one. Not a benchmark
itself (`make bench` runs only the files without a leading underscore)."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def jazari(*args: str, env: dict[str, str]) -> None:
    """Run a `jazari` management command in a child process with `env`."""
    subprocess.run([str(BIN / "jazari"), *args], cwd=ROOT, env=env, check=True)


def prepare_database(scale: str, env: dict[str, str]) -> None:
    """Migrate, load the reference data and seed `scale` (seed 7) into the database `env` names."""
    started = time.monotonic()
    jazari("migrate", "--no-input", "-v0", env=env)
    jazari("load_reference", env=env)
    jazari("seed", "--scale", scale, "--seed", "7", env=env)
    print(f"database ready (scale {scale}) in {time.monotonic() - started:.1f} s", flush=True)


def setup_django(default_database: str) -> None:
    """Set Django up in this process on DATABASE_URL, or on a new SQLite file at `default_database`."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{default_database}")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    if os.environ["DATABASE_URL"] == f"sqlite:///{default_database}":
        for suffix in ("", "-wal", "-shm"):
            Path(default_database + suffix).unlink(missing_ok=True)
    import django

    django.setup()
