# Helpers shared by bench/proxy/run and bench/static/run (sourced, not run). They expect:
#   here   the repository root          work    this run's temporary folder (made by the caller)
#   berth  the berth launcher to run    round   the current round (for measure)
#   duration, warmup, threads, connections: wrk's settings. Sets berth_pid and berth_reason for the caller.
#   and bench/lib.sh sourced. Everything they start is recorded in `started` and stopped by `stop_everything`.
# shellcheck shell=bash disable=SC2154,SC2034

started=()   # pids of the processes this script started, oldest first

# ensure_packages PATH:PACKAGE ...: installs the Debian packages whose program is missing (root only).
# Debian starts a package's service on install (nginx would take port 80 and keep running): a temporary
# policy-rc.d that answers "not now" (101) prevents that, and is removed again.
ensure_packages() {
  local pair missing=()
  for pair in "$@"; do [[ -x "${pair%%:*}" ]] || missing+=("${pair#*:}"); done
  (( ${#missing[@]} )) || return 0
  [[ "$(id -u)" -eq 0 ]] || { echo "needs: apt-get install -y ${missing[*]}" >&2; exit 1; }
  local policy=/usr/sbin/policy-rc.d ours="" status=0
  if [[ ! -e "$policy" ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; ours=1; fi
  echo "installing ${missing[*]} (Debian packages) …" >&2
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${missing[@]}" >/dev/null; } || status=$?
  [[ -n "$ours" ]] && rm -f "$policy"
  return "$status"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# alive PID: the process exists and is not a zombie.
alive() {
  [[ -r "/proc/$1/stat" ]] && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

# wait_port PORT PID SECONDS: until 127.0.0.1:PORT accepts connections; fails when PID dies or time runs out.
wait_port() {
  local port="$1" pid="$2" tries=$(( $3 * 20 ))
  while (( tries-- > 0 )); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    alive "$pid" || return 1
    sleep 0.05
  done
  return 1
}

# run_bg NAME COMMAND...: starts COMMAND in the background, output to $work/NAME.log; sets last_pid.
run_bg() {
  local name="$1"; shift
  "$@" > "$work/$name.log" 2>&1 &
  last_pid=$!
  started+=("$last_pid")
}

# stop_pid PID: TERM, up to 10 s to finish, then KILL.
stop_pid() {
  local pid="$1" tries=100
  kill -TERM "$pid" 2>/dev/null || return 0
  while (( tries-- > 0 )) && alive "$pid"; do sleep 0.1; done
  if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

# cleanup: the EXIT trap. Runs to the end whatever fails (no errexit) and whatever arrives (a second
# Ctrl-C is ignored): stops everything, removes $work.
cleanup() {
  set +e
  trap '' INT TERM
  stop_everything
  rm -rf "$work"
}

# run_waited COMMAND...: runs COMMAND as a background child and waits for it, so that an INT or TERM
# to this script is acted on at once (bash defers traps while a foreground child runs); the cleanup
# stops the child (waited_pid) if it is still running.
waited_pid=""
run_waited() {
  local status=0
  "$@" &
  waited_pid=$!
  wait "$waited_pid" || status=$?
  waited_pid=""
  return "$status"
}

# stop_everything: stops what this script started, newest first; then any process still running a
# program from (or with a config in) $work, such as an app that berth started, goes too.
stop_everything() {
  local i pid
  [[ -n "$waited_pid" ]] && stop_pid "$waited_pid"
  for (( i=${#started[@]}-1; i>=0; i-- )); do stop_pid "${started[i]}"; done
  for pid in $(pgrep -f -- "$work/" 2>/dev/null || true); do
    [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
    echo "stopping leftover process $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" >&2
    stop_pid "$pid"
  done
}

# tree_memory PID: "RSS HWM" in KiB of PID plus its direct children (an nginx master and its workers).
tree_memory() {
  local pid rss=0 hwm=0 r h
  for pid in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    h=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    rss=$(( rss + ${r:-0} )); hwm=$(( hwm + ${h:-0} ))
  done
  echo "$rss $hwm"
}

# nginx_user: as root, nginx's workers would drop to "nobody" and could not read the 0700 temp folder.
nginx_user() {
  [[ "$(id -u)" -eq 0 ]] && echo "user root;"
  true
}

# nginx_common PREFIX: the top of every nginx configuration here (foreground, files under PREFIX).
nginx_common() {
  cat <<CONF
$(nginx_user)
daemon off;
pid $1/nginx.pid;
error_log $1/error.log warn;
CONF
}

# nginx_temp_paths PREFIX: nginx's temp folders under PREFIX, not under /var/lib/nginx.
nginx_temp_paths() {
  cat <<CONF
    client_body_temp_path $1/client_body_temp;
    proxy_temp_path $1/proxy_temp;
    fastcgi_temp_path $1/fastcgi_temp;
    uwsgi_temp_path $1/uwsgi_temp;
    scgi_temp_path $1/scgi_temp;
CONF
}

# start_nginx NAME CONFIG PORT: runs a private nginx (prefix $work/NAME) and waits for PORT; sets last_pid.
start_nginx() {
  local name="$1" config="$2" port="$3"
  mkdir -p "$work/$name"
  run_bg "$name" /usr/sbin/nginx -p "$work/$name" -e "$work/$name/error.log" -c "$config"
  wait_port "$port" "$last_pid" 10 || { echo "$name did not start:" >&2; cat "$work/$name.log" "$work/$name/error.log" >&2; exit 1; }
}

# check_answer PORT HOST PATH EXPECTED_FILE: one request must answer 200 with exactly the expected body,
# or the benchmark would measure error pages. Prints what went wrong and fails otherwise.
check_answer() {
  local code
  code=$(curl -s -o "$work/check.body" -w '%{http_code}' --max-time 10 -H "Host: $2" "http://127.0.0.1:$1$3") || code="no answer"
  if [[ "$code" != 200 ]]; then echo "HTTP $code"; return 1; fi
  cmp -s "$work/check.body" "$4" || { echo "a body of $(stat -c %s "$work/check.body") bytes, not the expected $(stat -c %s "$4")"; return 1; }
}

# measure LABEL PORT HOST PATH EXPECTED_FILE: warm-up, then the measured wrk run; appends a line to
# $work/results.tsv: label, round, requests/s, p50 ms, p99 ms, non-2xx answers, socket errors.
# A target that does not give the expected answer is recorded as "not measured".
measure() {
  local label="$1" port="$2" host="$3" path="$4" expected="$5" problem out
  local url="http://127.0.0.1:$port$path"
  if ! problem=$(check_answer "$port" "$host" "$path" "$expected"); then
    printf '%s\t%s\tnot measured (answered %s)\n' "$label" "$round" "$problem" >> "$work/results.tsv"
    echo "  $label: not measured (answered $problem)" >&2
    return 0
  fi
  out="$work/wrk-$(echo "$label" | tr -c 'a-zA-Z0-9' '-')-$round.txt"
  run_waited wrk -t"$threads" -c"$connections" -d"$warmup" -H "Host: $host" "$url" > /dev/null
  run_waited wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Host: $host" "$url" > "$out"
  printf '%s\t%s\t%s\n' "$label" "$round" "$(wrk_summary "$out")" >> "$work/results.tsv"
  echo "  $label: $(wrk_summary "$out" | awk -F'\t' '{printf "%.0f req/s, p50 %s ms, p99 %s ms, non-2xx %s, socket errors %s", $1, $2, $3, $4, $5}')" >&2
}

# wrk_summary FILE: "requests/s  p50-ms  p99-ms  non-2xx  socket-errors" (tab-separated) from wrk --latency output.
wrk_summary() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
def latency(pct):
    m = re.search(r"^\s*" + pct + r"%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M)
    return f"{float(m.group(1)) * unit[m.group(2)]:.3f}" if m else "nan"
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
print("\t".join([rps.group(1) if rps else "0", latency("50"), latency("99"),
                 non2xx.group(1) if non2xx else "0", str(sum(map(int, errors.groups()))) if errors else "0"]))
PY
}

# start_berth CONFIG API_PORT: `berth server` in the background (berth_pid), up to 60 s for its API.
# Fails with berth_reason set when it exits or does not answer.
start_berth() {
  run_bg berth-server "$berth" server --config "$1"
  berth_pid=$last_pid
  local tries=600
  while (( tries-- > 0 )); do
    curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$2/status" 2>/dev/null && return 0
    if ! alive "$berth_pid"; then berth_reason="berth server exited: $(tail -1 "$work/berth-server.log")"; return 1; fi
    sleep 0.1
  done
  berth_reason="berth server's API did not answer within 60 s"
  return 1
}

# await_app API_PORT NAME: up to 30 s for the app to be serving (its routes are in the route table).
await_app() {
  local tries=300 state=""
  while (( tries-- > 0 )); do
    state=$(curl -fsS --max-time 1 "http://127.0.0.1:$1/api/v1/apps/$2" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin).get("state", ""))' 2>/dev/null) || state=""
    [[ "$state" == serving ]] && return 0
    sleep 0.1
  done
  berth_reason="app $2 not serving after 30 s (state: ${state:-unknown})"
  return 1
}

# keter_bundle OUT DIR: packs DIR (with config/keter.yaml) as a .keter bundle (a gzipped tar).
keter_bundle() {
  tar -C "$2" -czf "$1.part" . && mv "$1.part" "$1"
}

# busy_note: the 1-minute load average when the run starts, and a warning when other work is running:
# wrk, the servers and whatever else runs share the same cores, so a busy machine slows every row.
busy_note() {
  local load; load=$(awk '{print $1}' /proc/loadavg)
  if awk -v l="$load" 'BEGIN {exit !(l > 0.5)}'; then
    echo "warning: load average $load before the run; other work on this machine will slow every row" >&2
    echo "Load average $load when the run started: other work was running, so compare rows rather than runs."
  else
    echo "Load average $load when the run started (an otherwise idle machine)."
  fi
}

# report OUT "BERTH LABEL|NGINX LABEL" ...: the results table of $work/results.tsv (medians over rounds)
# with memory from $work/memory.tsv (keyed by the first word of a label), then one line per pair
# comparing berth's row with nginx's against the targets: >= 0.9x requests/s, p99 <= 1.2x, peak < 128 MB.
report() {
  python3 - "$work" "$@" > "$1" <<'PY'
import statistics, sys
work, out_file, pairs = sys.argv[1], sys.argv[2], [p.split("|") for p in sys.argv[3:]]
rows, order = {}, []
for line in open(f"{work}/results.tsv"):
    fields = line.rstrip("\n").split("\t")
    rows.setdefault(fields[0], []).append(fields[2:])
    if fields[0] not in order:
        order.append(fields[0])
memory = {}
for line in open(f"{work}/memory.tsv"):
    key, values = line.rstrip("\n").split("\t")
    rss, hwm = (int(v) * 1024 / 1e6 for v in values.split())  # KiB -> MB (decimal, as the target)
    memory[key] = (rss, hwm)

def summary(label):
    runs = rows.get(label, [["not measured"]])
    failed = [run[0] for run in runs if len(run) == 1]
    if failed:
        return None, failed[0]
    med = lambda i: statistics.median(float(run[i]) for run in runs)
    return {"rps": med(0), "p50": med(1), "p99": med(2), "non2xx": sum(int(run[3]) for run in runs),
            "errors": sum(int(run[4]) for run in runs)}, None

mem_of = lambda label: memory.get(label.split()[0])
print("| target | requests/s | p50 | p99 | non-2xx / socket errors | memory after the run (RSS / peak) |")
print("|---|---|---|---|---|---|")
for label in order:
    r, reason = summary(label)
    mem = mem_of(label)
    mem = f"{mem[0]:.0f} / {mem[1]:.0f} MB" if mem and r is not None else "—"
    if r is None:
        print(f"| {label} | {reason} | | | | {mem} |")
    else:
        print(f"| {label} | {r['rps']:,.0f} | {r['p50']:.2f} ms | {r['p99']:.2f} ms | {r['non2xx']} / {r['errors']} | {mem} |")
print()
verdict = lambda ok: "meets" if ok else "**misses**"
for berth, nginx in pairs:
    b, reason = summary(berth)
    n, nginx_reason = summary(nginx)
    if b is None:
        print(f"**{berth}**: {reason}.\n")
    elif n is None:
        print(f"**{berth}**: nothing to compare with ({nginx}: {nginx_reason}).\n")
    else:
        rps, p99, hwm = b["rps"] / n["rps"], b["p99"] / n["p99"], mem_of(berth)[1]
        errors = "" if b["non2xx"] == 0 and b["errors"] == 0 else "; **the run had errors**"
        print(f"**{berth}** vs {nginx}: requests/s {rps:.2f}× ({verdict(rps >= 0.9)} ≥ 0.9×), p99 {p99:.2f}× "
              f"({verdict(p99 <= 1.2)} ≤ 1.2×), berth's peak memory {hwm:.1f} MB ({verdict(hwm < 128)} < 128 MB){errors}.\n")
PY
}

# tool_versions [caddy]: the versions of the programs measured.
tool_versions() {
  echo "nginx $(/usr/sbin/nginx -v 2>&1 | sed 's|.*nginx/||'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')$( [[ "${1:-}" == caddy ]] && echo ", Caddy $(/usr/bin/caddy version | awk '{print $1}')")"
}
