#!/usr/bin/env bash
# `npm run test:container`: the container image end to end, on a machine that reaches no
# container registry. Installs podman, runc and debootstrap when missing, builds a stand-in for
# node:20-bookworm-slim once (kept as a podman image), builds the image against it, runs it on a
# named volume, creates a payout, stops it with SIGTERM, finds the payout from a new container
# on the same volume, and checks the Host names of the README's compose example. Needs root.
# Prints the figures it measured and ends with PASS or FAIL (and the exit code).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/sbin:/sbin # debootstrap, chroot and runc, for a root shell without them

STANDIN=localhost/node-standin:20
IMAGE=localhost/ivy-sandbox:test
RUN=ivy-sandbox-test-$$ # names the containers and the volume of this run, so cleanup takes only them
VOLUME=$RUN-data
API_KEY=ivy_sandbox_default_key
STOP_BOUND_S=5

WORK=$(mktemp -d)
containers=()

# podman as verified on these machines: runc with cgroupfs, and no default ulimits. Without
# systemd podman cannot schedule health checks (this script runs them itself) and says so on
# every run and removal; that noise is dropped.
printf '[containers]\ndefault_ulimits = []\n' >"$WORK/containers.conf"
export CONTAINERS_CONF=$WORK/containers.conf
podman() {
  command podman --runtime /usr/sbin/runc --cgroup-manager cgroupfs "$@" 2> >(grep -v 'systemd connection' >&2)
}

finish() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    for c in "${containers[@]}"; do
      echo "--- last lines of $c" >&2
      podman logs "$c" 2>&1 | tail -n 30 >&2 || true
    done
  fi
  for c in "${containers[@]}"; do podman rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  podman volume rm -f "$VOLUME" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  if [ "$status" -eq 0 ]; then echo "PASS"; else echo "FAIL"; fi
  exit "$status"
}
trap finish EXIT

fail() {
  echo "test-container: $*" >&2
  exit 1
}
step() { echo "== $*"; }
# Seconds since a $EPOCHREALTIME reading, to one decimal.
since() { awk -v from="$1" -v to="$EPOCHREALTIME" 'BEGIN { printf "%.1f", to - from }'; }
# One top-level field of a JSON document; fails when it is absent.
field() { node -e 'const v = JSON.parse(process.argv[1])[process.argv[2]]; if (v === undefined) process.exit(1); console.log(v)' "$1" "$2"; }

[ "$(id -u)" = 0 ] || fail "needs root (apt-get, debootstrap, podman's rootful storage)"

missing=()
command -v podman >/dev/null || missing+=(podman)
[ -x /usr/sbin/runc ] || missing+=(runc)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing ${missing[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >"$WORK/apt.log" 2>&1 ||
    { tail -n 20 "$WORK/apt.log" >&2; fail "apt-get install ${missing[*]} failed"; }
fi

# The stand-in: Debian bookworm (minbase) with this machine's Node 20, npm and Node's C headers
# (without them node-gyp would download them to compile better-sqlite3), a `node` user of
# uid 1000 as in the official image, and this machine's CA bundle, through which it trusts
# its package registries.
build_standin() {
  local root=$WORK/standin node_bin headers
  node_bin=$(readlink -f "$(command -v node)")
  headers=$(dirname "$(dirname "$node_bin")")/include/node
  [ "$(node -p 'process.versions.node.split(".")[0]')" = 20 ] || fail "the stand-in copies this machine's Node, which must be 20 (node:20-bookworm-slim)"
  [ -f "$headers/node.h" ] || fail "Node's C headers are not in $headers"
  debootstrap --variant=minbase --include=libstdc++6,ca-certificates bookworm "$root" http://deb.debian.org/debian \
    >"$WORK/debootstrap.log" 2>&1 || { tail -n 20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
  install -D -m 755 "$node_bin" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules" "$root/usr/local/include"
  cp -a "$(npm root -g)/npm" "$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  cp -a "$headers" "$root/usr/local/include/node"
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  tar -C "$root" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' - "$STANDIN" >/dev/null
}

if podman image exists "$STANDIN"; then
  step "stand-in base $STANDIN: cached"
else
  step "building the stand-in base $STANDIN"
  t=$EPOCHREALTIME
  build_standin
  echo "stand-in base built in $(since "$t") s"
fi

step "building $IMAGE"
t=$EPOCHREALTIME
podman build --network host --format docker --build-arg NODE_IMAGE="$STANDIN" -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
  { tail -n 40 "$WORK/build.log" >&2; fail "image build failed"; }
echo "image built in $(since "$t") s ($(grep -c -- '--> Using cache' "$WORK/build.log" || true) steps from cache)"
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "image size $((size / 1000000)) MB"
[ "$(podman image inspect --format '{{.Config.User}}' "$IMAGE")" = node ] || fail "the image does not run as the node user"

# Starts a container of the image on the volume, with a free loopback port of this machine
# published to 4010: podman options, then `--`, then the CLI's arguments.
start() {
  local name=$1 options=()
  shift
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do options+=("$1"); shift; done
  [ "$#" -gt 0 ] && shift
  containers+=("$name")
  podman run -d --name "$name" -p 127.0.0.1::4010 -v "$VOLUME:/data" "${options[@]}" "$IMAGE" "$@" >/dev/null
}
published_port() { podman port "$1" 4010 | head -n 1 | sed 's/.*://'; }

# Runs the image's HEALTHCHECK until it passes (at most 60 s); prints the seconds since $1.
wait_healthy() {
  local name=$1 from=$2 i
  for i in $(seq 1 120); do
    if podman healthcheck run "$name" >/dev/null 2>&1; then
      since "$from"
      return 0
    fi
    [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || fail "$name exited before it was healthy"
    sleep 0.5
  done
  fail "$name not healthy within 60 s"
}

# POSTs a JSON body ($4) to the API operation $3 with the default key, addressed to
# http://$1:4010 (so with that Host) and sent to the published port $2; prints "STATUS BODY".
ivy() {
  rm -f "$WORK/body"
  curl -sS -o "$WORK/body" -w '%{http_code}' --connect-to "$1:4010:127.0.0.1:$2" "http://$1:4010/api/service/$3" \
    -H "X-Ivy-Api-Key: $API_KEY" -H 'Content-Type: application/json' -d "$4"
  echo " $(cat "$WORK/body" 2>/dev/null)"
}

podman volume create "$VOLUME" >/dev/null

step "first container, data in volume $VOLUME"
t=$EPOCHREALTIME
start "$RUN-1" -e IVY_SANDBOX_ALLOWED_HOSTS=ivy-sandbox --
port=$(published_port "$RUN-1")
healthy_s=$(wait_healthy "$RUN-1" "$t")
echo "healthy after $healthy_s s (the image's HEALTHCHECK, run by podman healthcheck run)"
[ "$(podman inspect --format '{{.State.Health.Status}}' "$RUN-1")" = healthy ] || fail "podman does not record $RUN-1 as healthy"
[ "$(curl -sS "http://127.0.0.1:$port/sandbox/health")" = '{"status":"ok"}' ] || fail "GET /sandbox/health from the host"
[ "$(podman exec "$RUN-1" id -u)" = 1000 ] || fail "the sandbox does not run as uid 1000"

read -r code body < <(ivy localhost "$port" payout/create '{ "amount": 12.34, "currency": "EUR", "destination": { "financialAddress": { "type": "iban", "iban": { "iban": "DE89370400440532013000", "accountHolderName": "Jane Doe" } } } }')
[ "$code" = 200 ] || fail "payout/create answered $code $body"
payout_id=$(field "$body" id)
echo "created payout $payout_id"

# The README's compose example: the application calls http://ivy-sandbox:4010, so its requests
# carry that Host. Any other name is refused (DNS rebinding).
read -r code body < <(ivy ivy-sandbox "$port" payout/retrieve "{ \"id\": \"$payout_id\" }")
[ "$code" = 200 ] || fail "a request with Host: ivy-sandbox:4010 answered $code $body"
read -r code body < <(ivy attacker.example "$port" payout/retrieve "{ \"id\": \"$payout_id\" }")
[ "$code" = 403 ] || fail "a request with Host: attacker.example:4010 answered $code $body, not 403"
echo "Host: ivy-sandbox:4010 answered 200, Host: attacker.example:4010 refused with 403"

step "stopping it with SIGTERM"
t=$EPOCHREALTIME
podman stop -t 10 "$RUN-1" >/dev/null
stop_s=$(since "$t")
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$RUN-1")
[ "$exit_code" = 0 ] || fail "$RUN-1 exited with $exit_code on SIGTERM"
awk -v s="$stop_s" -v bound="$STOP_BOUND_S" 'BEGIN { exit !(s < bound) }' || fail "stopping took $stop_s s (bound $STOP_BOUND_S s)"
echo "stopped in $stop_s s, exit code 0"

step "a new container on the same volume, with a serve option"
t=$EPOCHREALTIME
start "$RUN-2" -- --scenario always-paid
port=$(published_port "$RUN-2")
healthy_s=$(wait_healthy "$RUN-2" "$t")
echo "healthy after $healthy_s s"
read -r code body < <(ivy localhost "$port" payout/retrieve "{ \"id\": \"$payout_id\" }")
[ "$code" = 200 ] && [ "$(field "$body" id)" = "$payout_id" ] || fail "payout/retrieve after the restart answered $code $body"
echo "payout $payout_id found again, $(field "$body" status)"
merchant=$(curl -sS -X POST "http://127.0.0.1:$port/sandbox/merchants" -H 'Content-Type: application/json' -d '{}')
[ "$(field "$merchant" scenario)" = always-paid ] || fail "--scenario always-paid did not reach the sandbox: $merchant"
echo "--scenario always-paid passed through to serve"
