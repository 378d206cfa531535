#!/usr/bin/env bash
# Stops the servers and the Keeper that cluster/start.sh started; with --clean also deletes their data.
set -euo pipefail
run="${CHORM_CLUSTER_DIR:-/tmp/chorm-cluster}"
cd "$run" 2>/dev/null || { echo "nothing in $run"; exit 0; }
for name in s1r1 s1r2 s2r1 s2r2 keeper; do
    if [[ -f "$name.pid" ]]; then
        pid="$(cat "$name.pid")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        rm -f "$name.pid"
    fi
done
if [[ "${1:-}" == "--clean" ]]; then
    cd / && rm -rf "$run"
fi
echo "chorm cluster stopped"
