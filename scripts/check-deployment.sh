#!/usr/bin/env bash
# Follows docs/deployment.md on this machine, end to end, with a real virtualenv from the built wheel
# (the test suite's tests/test_ops_deployment.py does the same without network access).
#   scripts/check-deployment.sh [PG_ADMIN_URL]     default postgresql://postgres@127.0.0.1:5432/postgres
# Needs: python3-venv, network or a pip cache for the dependencies, a PostgreSQL 15 server where
# PG_ADMIN_URL may create roles and databases. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_URL="${1:-postgresql://postgres@127.0.0.1:5432/postgres}"
WORK="$(mktemp -d)"
SUFFIX="$(date +%s)$$"
ROLE="crdesk_check_$SUFFIX"
trap 'psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $ROLE WITH (FORCE)" -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

say() { printf '\n== %s\n' "$*"; }

say "build the wheel (not an editable install)"
python3 -m pip wheel --no-deps -q -w "$WORK/dist" . 2>/dev/null
rm -rf build crdesk.egg-info
WHEEL="$(ls "$WORK"/dist/crdesk-*.whl)"
echo "$WHEEL"

say "a fresh virtualenv with the wheel"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "$WHEEL"
CRDESK="$WORK/venv/bin/crdesk"
"$CRDESK" --version

say "a role that owns its database"
psql -q "$ADMIN_URL" -c "CREATE ROLE $ROLE LOGIN" -c "CREATE DATABASE $ROLE OWNER $ROLE"
install -d -m 0700 "$WORK/data" "$WORK/etc"
cat > "$WORK/etc/crdesk.toml" <<TOML
database_url = "postgresql+psycopg://$ROLE@127.0.0.1:5432/$ROLE"
data_dir = "$WORK/data"
log_level = "INFO"
TOML
chmod 0600 "$WORK/etc/crdesk.toml"
export CRDESK_CONFIG="$WORK/etc/crdesk.toml"

say "crdesk init, a store, doctor, backup, db status"
cd "$WORK"
"$CRDESK" init
"$CRDESK" --as admin stores add GZ01 广汽丰田天河店
"$CRDESK" --as admin reports render sales_followup.satisfaction --period 2026-10
"$CRDESK" --as admin backup
"$CRDESK" db status
"$CRDESK" doctor || echo "(doctor exit $?: expected while this morning's run has not happened)"
test "$(stat -c %a "$WORK/data")" = 700
find "$WORK/data" -type f ! -perm 600 | grep . && { echo "a data file is not 0600"; exit 1; }
say "deployment steps work"
