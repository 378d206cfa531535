#!/usr/bin/env bash
# Starts chorm's test cluster on this machine from ClickHouse's own binary, without Docker:
# one ClickHouse Keeper and four servers, 2 shards x 2 replicas, cluster name "chorm".
#
#   cluster/start.sh            # data and logs in ${CHORM_CLUSTER_DIR:-/tmp/chorm-cluster}
#   eval "$(cluster/start.sh --env)"   # the same, then prints the variables the real-cluster tests read
#   cluster/stop.sh
#
# Needs the single `clickhouse` binary (https://clickhouse.com/docs/install: `curl https://clickhouse.com/ | sh`)
# on PATH or in $CLICKHOUSE_BIN. Ports: HTTP 8123-8126, native 9000-9003, interserver 9009-9012,
# Keeper 9181 (Raft 9234), all on 127.0.0.1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="${CHORM_CLUSTER_DIR:-/tmp/chorm-cluster}"
bin="${CLICKHOUSE_BIN:-$(command -v clickhouse || true)}"
if [[ -z "$bin" || ! -x "$bin" ]]; then
    echo "cluster/start.sh: no clickhouse binary: put it on PATH or set CLICKHOUSE_BIN" >&2
    exit 1
fi
mkdir -p "$run"
cp "$here"/keeper.xml "$here"/users.xml "$here"/s1r1.xml "$here"/s1r2.xml "$here"/s2r1.xml "$here"/s2r2.xml "$run"/
cd "$run"

start() { # name, command...
    local name=$1; shift
    if [[ -f "$name.pid" ]] && kill -0 "$(cat "$name.pid")" 2>/dev/null; then
        echo "$name already running (pid $(cat "$name.pid"))" >&2
        return
    fi
    mkdir -p "$name/log"
    nohup "$@" > "$name/log/stdout.log" 2>&1 &
    echo $! > "$name.pid"
}

start keeper "$bin" keeper --config-file=keeper.xml
for node in s1r1 s1r2 s2r1 s2r2; do
    start "$node" "$bin" server --config-file="$node.xml"
done

for port in 8123 8124 8125 8126; do
    for _ in $(seq 1 60); do
        if curl -sf "http://127.0.0.1:$port/ping" > /dev/null; then
            break
        fi
        sleep 1
    done
    curl -sf "http://127.0.0.1:$port/ping" > /dev/null || { echo "server on port $port did not start: see $run/*/log" >&2; exit 1; }
done
# every server must see the cluster and Keeper before the first ON CLUSTER statement
curl -sf "http://127.0.0.1:8123/" --data-binary "SELECT count() FROM system.clusters WHERE cluster = 'chorm'" | grep -qx 4
curl -sf "http://127.0.0.1:8123/" --data-binary "SELECT count() FROM system.zookeeper WHERE path = '/'" > /dev/null

if [[ "${1:-}" == "--env" ]]; then
    echo "export CHORM_CLUSTER_URLS=http://127.0.0.1:8123,http://127.0.0.1:8124,http://127.0.0.1:8125,http://127.0.0.1:8126"
    echo "export CHORM_CLUSTER_NAME=chorm"
    # the test extension creates each test database ON CLUSTER chorm through the first server
    echo "export CHORM_TEST_URL=http://127.0.0.1:8123"
    echo "export CHORM_TEST_CLUSTER=chorm"
else
    echo "chorm cluster up in $run: 2 shards x 2 replicas, HTTP 8123-8126"
    echo "run the cluster tests with:"
    echo "  CHORM_CLUSTER_URLS=http://127.0.0.1:8123,http://127.0.0.1:8124,http://127.0.0.1:8125,http://127.0.0.1:8126 CHORM_CLUSTER_NAME=chorm \\"
    echo "  CHORM_TEST_URL=http://127.0.0.1:8123 CHORM_TEST_CLUSTER=chorm \\"
    echo "    mvn -pl hibernate,migrations -am test -Dtest='RealCluster*Test' -Dsurefire.failIfNoSpecifiedTests=false"
fi
