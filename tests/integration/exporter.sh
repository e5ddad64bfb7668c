#!/bin/bash
# rigctl exporter end to end: a real Prometheus scrapes it through /probe
# with relabelling over two simulated BMCs, a dead one (a UDP port nobody
# answers) and an SSH rig with GPUs.  Prometheus's API shows the series and
# up; the dead rig's scrape ends within its deadline with rigctl_up 0;
# overlapping scrapes of one rig share one collection (counted at the
# exporter and in datagrams through relays); 400, 404, no open proxy;
# /metrics; SIGHUP reload; SIGTERM clean stop.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
. "$top_srcdir/tests/helpers/exporter.sh"
need_cmd ipmi_sim curl jq promtool
command -v prometheus >/dev/null 2>&1 || skip_test "prometheus not installed"

# Two simulators: sim_start sets SIM_* for the last one.
sims=()
for n in 1 2; do
	sim_start "$T/sim$n" || { echo "could not start ipmi_sim" >&2; exit 99; }
	eval "SIM${n}_PORT=\$SIM_PORT SIM${n}_PID=\$SIM_PID"
	sims+=("$SIM_PID")
done
at_exit 'for p in "${sims[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done'
DEAD_PORT=$(sim_freeport udp)
start_sshd
use_fixture rig-riser
pw=$T/pw
printf 'adminpw' >"$pw"
chmod 600 "$pw"
mkdir -p "$T/cache"

bmc_rig() { # NAME HOST:PORT [EXTRA LINE]
	printf '[%s]\nbmc = %s\nbmc_user = admin\nbmc_password_file = %s\n' "$1" "$2" "$pw"
	printf 'bmc_workarounds = opensesspriv\n%s\n\n' "${3:-}"
}
{
	bmc_rig sim1 "127.0.0.1:$SIM1_PORT"
	bmc_rig sim2 "127.0.0.1:$SIM2_PORT" $'exclude_sensors = Intrusion\nthreshold = CPU Temp:ucr=40'
	bmc_rig dead "127.0.0.1:$DEAD_PORT"
	printf '[gpu]\nssh = %s\nssh_identity = %s\nssh_known_hosts = %s\nprobe_root = %s\n\n' \
		"$SSH_TARGET" "$SSH_KEY" "$SSH_KNOWN_HOSTS" "${PROBE_ROOT[1]}"
} >"$T/rigs.conf"

EXPORTER_ENV="XDG_CACHE_HOME=$T/cache"
exporter_start "$T/rigs.conf" || { fail "exporter start"; finish; }

# ---- the HTTP contract, before Prometheus comes
exporter_get /probe
check_eq "no target: 400" 400 "$HTTP_CODE"
exporter_get '/probe?target=10.9.9.9'
body=$BODY
check_eq "a target not in the inventory: 404" 404 "$HTTP_CODE"
check_has "the 404 says why" "$body" "no such rig"
exporter_get '/probe?target=sim1&metrics=bogus'
check_eq "a bad metrics word: 400" 400 "$HTTP_CODE"
exporter_get "/probe?target=127.0.0.1:$SIM1_PORT"
body=$BODY
check_eq "a rig's bmc address is a target" 200 "$HTTP_CODE"
check_has "... of that rig" "$body" 'rigctl_up{rig="sim1"} 1'
exporter_get "/ipmi?target=sim1&module=default"
body=$BODY
check_eq "/ipmi as ipmi_exporter's scrape configs call it" 200 "$HTTP_CODE"
exporter_get "/probe?target=sim2"
body=$BODY
if printf '%s\n' "$body" | promtool check metrics >"$T/why" 2>&1; then
	check_eq "promtool accepts /probe" 0 0
else
	fail "promtool: $(cat "$T/why")"
fi
check_eq "the inventory's exclusions apply" "" "$(grep 'name="Intrusion"' <<<"$body")"
check_has "readings in base units" "$body" 'rigctl_temperature_celsius{rig="sim2",name="CPU Temp",source="bmc",id="1"} 45'
check_has "the inventory's thresholds apply: the state" "$body" \
	'rigctl_sensor_state{rig="sim2",name="CPU Temp",source="bmc",id="1",type="temperature"} 2'
check_has "... and the threshold" "$body" \
	'rigctl_sensor_threshold_celsius{rig="sim2",name="CPU Temp",source="bmc",id="1",threshold="ucr"} 40'
check_eq "no series twice" "" "$(grep -v '^#' <<<"$body" | sed 's/ [^ ]*$//' | sort | uniq -d)"

# ---- events and memory errors: counters of what the SEL holds, each
# record counted once however often the rig is scraped
ev() { grep -E "^rigctl_(events|ecc_errors)_total\{rig=\"sim2\"" <<<"$BODY" | sort | tr '\n' ' '; }
sel_add 0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x40 0x6f 0xa0 0x00 0x00
exporter_get "/probe?target=sim2"
check_eq "a correctable ECC record counted" \
	'rigctl_ecc_errors_total{rig="sim2",source="sel",sensor="DIMM ECC",dimm="",kind="correctable"} 1 rigctl_events_total{rig="sim2",source="sel",severity="warning",kind="correctable"} 1 ' \
	"$(ev)"
exporter_get "/probe?target=sim2"
check_eq "... once, however often scraped" \
	'rigctl_ecc_errors_total{rig="sim2",source="sel",sensor="DIMM ECC",dimm="",kind="correctable"} 1 rigctl_events_total{rig="sim2",source="sel",severity="warning",kind="correctable"} 1 ' \
	"$(ev)"
sel_add 0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x40 0x6f 0xa0 0x00 0x00
exporter_get "/probe?target=sim2"
check_has "a new record adds one" "$(ev)" 'kind="correctable"} 2'

# ---- the dead rig: within the deadline Prometheus sends, rigctl_up 0
t0=$(now_ms)
body=$(curl -sS -H 'X-Prometheus-Scrape-Timeout-Seconds: 1.5' "$EXPORTER_URL/probe?target=dead")
t=$(($(now_ms) - t0))
check_has "a dead rig is rigctl_up 0" "$body" 'rigctl_up{rig="dead"} 0'
# 3 s: twice the scrape timeout, far under the rig's 10 s BMC timeout.
[ "$t" -lt 3000 ] && check_eq "a dead rig answers within its deadline (1.5 s; took ${t} ms)" 0 0 ||
	fail "a dead rig took $t ms against a 1.5 s deadline"

# ---- Prometheus, the multi-target pattern with relabelling
PROM_INTERVAL=2s
prom_start "  - job_name: rigs
    metrics_path: /probe
    static_configs:
      - targets: [sim1, sim2, dead, gpu]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: @EXPORTER@
  - job_name: rigctl-exporter
    static_configs:
      - targets: ['@EXPORTER@']" || { fail "prometheus start"; finish; }

out=$(prom_wait_series 'count(up{job="rigs"} == 1) == 4' 40) &&
	check_eq "Prometheus scrapes all four targets, the dead one too" 0 0 ||
	fail "up: $(prom_query 'up' | jq -c '.data.result')"
for r in sim1 sim2 gpu; do
	prom_wait_series "rigctl_up{rig=\"$r\",instance=\"$r\"} == 1" 20 >/dev/null &&
		check_eq "rigctl_up of $r in Prometheus" 0 0 || fail "rigctl_up of $r"
done
prom_wait_series 'rigctl_up{rig="dead",instance="dead"} == 0' 20 >/dev/null &&
	check_eq "the dead rig is rigctl_up 0 in Prometheus" 0 0 || fail "rigctl_up of dead"
out=$(prom_wait_series 'rigctl_temperature_celsius{rig="sim1",name="CPU Temp"}' 20)
check_eq "sensor series in Prometheus" 45 "$(jq -r '.data.result[0].value[1]' <<<"$out")"
prom_wait_series 'rigctl_gpu_temperature_celsius{rig="gpu"}' 20 >/dev/null &&
	check_eq "GPU series of the SSH rig in Prometheus" 0 0 || fail "no GPU series"
prom_wait_series 'rigctl_scrape_duration_seconds{rig="dead"}' 20 >/dev/null &&
	check_eq "rigctl_scrape_duration_seconds" 0 0 || fail "no scrape duration"
prom_wait_series 'rigctl_exporter_scrapes_total{job="rigctl-exporter",rig="sim1"} > 0' 20 >/dev/null &&
	check_eq "the exporter's own /metrics scraped" 0 0 || fail "no own metrics"
prom_wait_series 'process_open_fds{job="rigctl-exporter"}' 20 >/dev/null &&
	check_eq "process metrics" 0 0 || fail "no process metrics"
sleep 4 # a few scrapes of the dead rig
targets=$(prom_targets)
dur=$(jq -r '.data.activeTargets[] | select(.labels.instance == "dead") | .lastScrapeDuration' <<<"$targets")
health=$(jq -r '.data.activeTargets[] | select(.labels.instance == "dead") | .health' <<<"$targets")
check_eq "the dead rig's scrape succeeds (in Prometheus's eyes)" up "$health"
awk -v d="$dur" 'BEGIN { exit !(d > 0 && d < 2.0) }' &&
	check_eq "the dead rig's scrape ends within scrape_timeout (${dur} s < 2 s)" 0 0 ||
	fail "dead rig's lastScrapeDuration $dur"

# ---- a session the BMC forgot: sim1 restarts on the same port (a BMC
# reset, or its session timeout); the kept session is dead, and the next
# scrape opens a new one by itself.
kill "$SIM1_PID"; wait "$SIM1_PID" 2>/dev/null
ipmi_sim -c "$T/sim1/lan.conf" -f "$top_srcdir/tests/sim/rig.emu" -s "$T/sim1/state" -n -p \
	</dev/null >>"$T/sim1/ipmi_sim.log" 2>&1 &
SIM1_PID=$!
sims+=("$SIM1_PID")
wait_until 10 sim__ping "$SIM1_PORT" || fail "sim1 did not come back"
t0=$(now_ms)
exporter_get '/probe?target=sim1' -H 'X-Prometheus-Scrape-Timeout-Seconds: 10'
t=$(($(now_ms) - t0))
check_has "after the BMC lost the session: read in a new one" "$BODY" 'rigctl_up{rig="sim1"} 1'
echo "the scrape that reopened the session took $t ms"

# ---- overlapping scrapes share one collection
# Two rigs on sim2, each behind a relay that delays every datagram (so a
# collection takes long enough for scrapes to overlap).  After a cold
# scrape each, "solo" gets one scrape and "crowd" five at once: the
# crowd's datagrams stay those of one collection.
prom_stop
relay() { # -> port; relay PIDs in RELAYS, stats in $T/relay.NAME
	"$top_builddir/tests/helpers/lossy-relay" -t "$SIM2_PORT" -d 0 -u 0 \
		-y 100 -m 60 -T 300 >"$T/relay.$1.port" 2>"$T/relay.$1" &
	eval "RELAY_$1=\$!"
	wait_until 5 test -s "$T/relay.$1.port"
	read -r "RPORT_$1" <"$T/relay.$1.port"
}
relay solo
relay crowd
relay mix
at_exit 'kill $RELAY_solo $RELAY_crowd $RELAY_mix 2>/dev/null'
exporter_stop
{
	cat "$T/rigs.conf"
	bmc_rig solo "127.0.0.1:$RPORT_solo"
	bmc_rig crowd "127.0.0.1:$RPORT_crowd"
	bmc_rig mix "127.0.0.1:$RPORT_mix"
} >"$T/rigs2.conf"
exporter_start "$T/rigs2.conf" || { fail "exporter restart"; finish; }
exporter_get '/probe?target=solo'
exporter_get '/probe?target=crowd'
exporter_get '/probe?target=solo'
printf '%s\n' "$BODY" >"$T/solo.txt"
pids=()
for i in 1 2 3 4 5; do
	curl -sS "$EXPORTER_URL/probe?target=crowd" >"$T/crowd.$i" &
	pids+=($!)
done
wait "${pids[@]}"
for i in 1 2 3 4 5; do
	grep -q 'rigctl_up{rig="crowd"} 1' "$T/crowd.$i" || fail "overlapping scrape $i: $(head -c 300 "$T/crowd.$i")"
done
exporter_get /metrics
own=$BODY
check_eq "seven scrapes of crowd and solo, four collections" \
	'rigctl_exporter_collections_total{rig="solo"} 2 rigctl_exporter_collections_total{rig="crowd"} 2' \
	"$(grep -E '^rigctl_exporter_collections_total\{rig="(solo|crowd)"\}' <<<"$own" | tr '\n' ' ' | sed 's/ $//')"
# A scrape for ipmi_exporter's families that finds a collection begun for
# rigctl's alone still gets them all (the SEL and the device ID read).
curl -sS "$EXPORTER_URL/probe?target=mix&metrics=rigctl" >"$T/mix.rigctl" &
mixpid=$!
sleep 0.3
exporter_get '/probe?target=mix&metrics=ipmi_exporter'
wait "$mixpid"
check_has "mixed overlap: rigctl's scrape answered" "$(cat "$T/mix.rigctl")" 'rigctl_up{rig="mix"} 1'
check_has "mixed overlap: the SEL collector up" "$BODY" 'ipmi_up{collector="sel"} 1'
check_has "mixed overlap: the SEL count" "$BODY" 'ipmi_sel_logs_count'
check_has "mixed overlap: the BMC's info" "$BODY" 'ipmi_bmc_info{'
kill -TERM "$RELAY_solo" "$RELAY_crowd"
wait "$RELAY_solo" "$RELAY_crowd" 2>/dev/null
solo=$(sed -n 's/.*c2s passed \([0-9]*\).*/\1/p' "$T/relay.solo")
crowd=$(sed -n 's/.*c2s passed \([0-9]*\).*/\1/p' "$T/relay.crowd")
echo "datagrams to the BMC: solo (2 scrapes) $solo, crowd (1 + 5 overlapping) $crowd"
[ -n "$solo" ] && [ -n "$crowd" ] && [ "$crowd" -le $((solo + solo / 4)) ] &&
	check_eq "overlapping scrapes cost one collection at the BMC" 0 0 ||
	fail "overlapping scrapes: crowd $crowd datagrams vs solo $solo"

# ---- reload on SIGHUP: a rig added to the inventory appears
bmc_rig added "127.0.0.1:$SIM1_PORT" >>"$T/rigs2.conf"
exporter_get '/probe?target=added'
check_eq "not yet in the inventory: 404" 404 "$HTTP_CODE"
kill -HUP "$EXPORTER_PID"
wait_until 10 grep -q "reloaded" "$EXPORTER_LOG"
exporter_get '/probe?target=added'
body=$BODY
check_eq "after SIGHUP: the new rig is served" 200 "$HTTP_CODE"
check_has "... and read" "$body" 'rigctl_up{rig="added"} 1'
exporter_get /metrics
own=$BODY
check_match "a rig that did not change keeps its counters over a reload" \
	'rigctl_exporter_scrapes_total\{rig="crowd"\} [6-9]' "$own"

# ---- no secret in what it serves or logs
for f in "$EXPORTER_LOG" "$T/solo.txt"; do
	grep -q adminpw "$f" && fail "the password in $f"
done
check_eq "no password in the answers or the log" 0 0

# ---- SIGTERM: a clean stop
exporter_stop TERM
check_eq "SIGTERM stops it with status 0" 0 "$EXPORTER_RC"
check_has "it says so" "$(cat "$T"/exporter.*.log)" "stopping"
finish
