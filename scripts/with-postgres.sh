#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster: initdb in a temporary folder, a free port on
# 127.0.0.1, DATABASE_URL exported for the command; the server is stopped and the folder removed afterwards,
# whether the command succeeds or fails. As root, the server runs as the unprivileged user `nobody`.
set -euo pipefail

pg_bin=""
if command -v initdb >/dev/null 2>&1; then
  pg_bin="$(dirname "$(readlink -f "$(command -v initdb)")")"
else
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "with-postgres: initdb not found; install PostgreSQL 15+ (Debian: apt-get install postgresql)" >&2
  exit 2
fi

workdir="$(mktemp -d /tmp/jazari-pg.XXXXXX)"
as_owner=()
if [ "$(id -u)" = "0" ]; then
  chown nobody "$workdir"
  as_owner=(runuser -u nobody --)
fi
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

cleanup() {
  status=$?
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" stop -m fast -w >/dev/null 2>&1 || true
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$pg_bin/initdb" -D "$workdir/data" -U jazari --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" >/dev/null
"${as_owner[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U jazari jazari

echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $workdir)"
export DATABASE_URL="postgres://jazari@127.0.0.1:$port/jazari"
"$@"
