#!/usr/bin/env bash
# Start the Debian PostgreSQL cluster (as root, in CI or on a developer machine) and create the
# role and database the journal's PostgreSQL tests use. Idempotent.
set -euo pipefail
ver="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
  pg_createcluster "$ver" main >/dev/null
fi
pg_ctlcluster "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p 5432
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='crossroads'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE crossroads LOGIN PASSWORD 'crossroads' CREATEDB\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='crossroads_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O crossroads crossroads_test"
