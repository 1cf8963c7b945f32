#!/usr/bin/env bash
# Serve the demo: the web server on 127.0.0.1:$PORT and a job worker; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
BIN=.venv/bin

"$BIN/jazari" db_worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Jazari demo: http://127.0.0.1:${PORT}/fr/  (job worker pid ${worker}; Ctrl-C to stop)"
"$BIN/gunicorn" config.wsgi --bind "127.0.0.1:${PORT}" --workers 2 --threads 4 --access-logfile - --log-level warning
