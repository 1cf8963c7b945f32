"""The platform's own web server started for a check that needs real processes: the API benchmark, the
rate-limit test with several web processes, the API fuzzing run.

`gunicorn(port, env)` serves `config.wsgi` on 127.0.0.1 with production settings (DEBUG off, a generated
secret key, plain static files) until its block ends, however it ends, and waits for /healthz before the
block starts. The caller's `env` says which database to use (`DATABASE_URL`)."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(
    port: int, env: Mapping[str, str], *, workers: int = 2, log: Path | None = None
) -> Iterator[None]:
    """Gunicorn with `workers` processes serving the platform on `port` until the block ends; what it prints
    goes to `log` when given."""
    server_env = {
        **env,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "JAZARI_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # No collectstatic: these checks need no static file, and whitenoise need not say so.
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    }
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"{HOST}:{port}"]
    output = log.open("ab") if log else None
    process = subprocess.Popen(
        [*command, "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env=server_env,
        start_new_session=True,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    try:
        _wait_until_healthy(port, process)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if output:
            output.close()


def _wait_until_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up (exit status {process.returncode})")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {START_TIMEOUT:.0f} s")
