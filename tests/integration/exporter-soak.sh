#!/bin/bash
# rigctl exporter soak: the exporter runs unattended for months, and its
# tests are left out of the sanitizer and valgrind stages (issue #17), so
# this is what would notice a slow leak of memory, file descriptors or
# threads.  Five rigs: a ROMED8-2T simulator with the fan profile and DCMI
# (rigmod.so), a plain simulator, a dead BMC (a UDP port nobody answers),
# an SSH rig with GPUs (the fake nvidia-smi) and a budget rig (SSH and an
# emulated Tasmota plug).  Each rig is scraped SOAK_SCRAPES times (the SSH
# rigs, whose collection takes a second, a quarter of that) through /probe
# by several concurrent curl streams (kept-alive connections and a
# connection per request), alongside bursts of single overlapping scrapes,
# /metrics, the status page / and /rig/NAME; SIGHUP reloads at 1/4 and 3/4
# of the way, and the plain simulator restarts halfway through its scrapes
# (the exporter's session with it is lost).  After a warm-up of the same
# workload, and at the end, the exporter's open fds and threads are
# sampled when it is idle (no collection or connection left): they must be
# back where they were.
# Its RSS must not grow by more than RSS_BOUND_KIB (long form only, see
# the end).  Every scrape must be HTTP 200 with rigctl_up; the dead rig's
# scrapes must end near their deadline; the exporter must stay alive and
# stop cleanly.
# SOAK_SCRAPES: 60 per rig in make check (fds and threads only: RSS is
# noise at that length), 2000 in make check-soak (CI).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
. "$top_srcdir/tests/helpers/plug.sh"
. "$top_srcdir/tests/helpers/exporter.sh"
need_cmd ipmi_sim curl python3
N=${SOAK_SCRAPES:-60}
[ "$N" -ge 20 ] || { echo "SOAK_SCRAPES must be at least 20" >&2; exit 99; }
MOD=$top_builddir/tests/sim/rigmod.so
[ -f "$MOD" ] || { echo "tests/sim/rigmod.so not built" >&2; exit 99; }

# ---- the peers
sims=()
SIM_EMU=$top_srcdir/tests/sim/romed8.emu \
	SIM_LOADLIB="\"$MOD\" \"oracle=$T/oracle state=@STATEDIR@\"" \
	sim_start "$T/sim1" || { echo "could not start ipmi_sim" >&2; exit 99; }
SIM1_PORT=$SIM_PORT
sims+=("$SIM_PID")
echo 312 >"$SIM_STATE/dcmi-watts"
sim_start "$T/sim2" || { echo "could not start ipmi_sim" >&2; exit 99; }
SIM2_PORT=$SIM_PORT SIM2_PID=$SIM_PID
sims+=("$SIM_PID")
at_exit 'for p in "${sims[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done'
DEAD_PORT=$(sim_freeport udp)
start_sshd
use_fixture rig-riser
plug_start tas tasmota --password s3cret-plug --initial on
pw=$T/pw
printf 'adminpw' >"$pw"
printf 's3cret-plug' >"$T/plug.pw"
chmod 600 "$pw" "$T/plug.pw"
mkdir -p "$T/cache"

bmc_rig() { # NAME HOST:PORT [EXTRA LINES]
	printf '[%s]\nbmc = %s\nbmc_user = admin\nbmc_password_file = %s\n' "$1" "$2" "$pw"
	printf 'bmc_workarounds = opensesspriv\n%s\n\n' "${3:-}"
}
ssh_rig() { # NAME [EXTRA LINES]
	printf '[%s]\nssh = %s\nssh_identity = %s\nssh_known_hosts = %s\nprobe_root = %s\n%s\n\n' \
		"$1" "$SSH_TARGET" "$SSH_KEY" "$SSH_KNOWN_HOSTS" "${PROBE_ROOT[1]}" "${2:-}"
}
# The dead rig's collections give up after 1 s, so that many of them
# start and end (threads, sockets) over the run; sim2's after 3 s, so
# that the session lost at its restart costs little.
{
	bmc_rig sim1 "127.0.0.1:$SIM1_PORT" 'bmc_fan_profile = asrock-ast2500'
	bmc_rig sim2 "127.0.0.1:$SIM2_PORT" 'bmc_timeout = 3000'
	bmc_rig dead "127.0.0.1:$DEAD_PORT" 'bmc_timeout = 1000'
	ssh_rig gpu
	ssh_rig budget "plug = tasmota://127.0.0.1:$PLUG_PORT
plug_password_file = $T/plug.pw"
} >"$T/rigs.conf"
RIGS=(sim1 sim2 dead gpu budget)

# One malloc arena: see the RSS check at the end.
EXPORTER_ENV="XDG_CACHE_HOME=$T/cache MALLOC_ARENA_MAX=1"
exporter_start "$T/rigs.conf" --metrics both || { fail "exporter start"; finish; }
P=$EXPORTER_PID

# ---- what the exporter holds, from /proc
sample() { # -> RSS_KIB FDS THREADS
	RSS_KIB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$P/status" 2>/dev/null)
	THREADS=$(awk '/^Threads:/ { print $2 }' "/proc/$P/status" 2>/dev/null)
	FDS=$(ls "/proc/$P/fd" 2>/dev/null | wc -l)
}
# Idle: no collection and no connection left.  Once the scrapes stop,
# collections only end: the dead rig's within its 1 s bmc_timeout, sim2's
# within 3 s, an SSH one within a second or two.  Wait until fds and
# threads have stayed the same for 5 s (at most 60 s), then take the
# sample.
settle() {
	local same=0 last='' t=$((SECONDS + 60))
	sleep 1
	while [ $SECONDS -lt $t ]; do
		sample
		if [ "$FDS $THREADS" = "$last" ]; then
			same=$((same + 1))
			[ $same -lt 20 ] || return 0
		else
			same=0
			last="$FDS $THREADS"
		fi
		sleep 0.25
	done
	echo "not idle after 60 s: $FDS fds, $THREADS threads" >&2
	return 1
}

# ---- the workload
# A stream: one curl that scrapes /probe?target=RIG COUNT times in a row
# (curl's [1-COUNT] glob makes the URLs), each answer followed by a line
# "@@ CODE SECONDS" (-w); only those lines and rigctl_up are kept.  MODE
# keep: one kept-alive connection; close: a connection per scrape (a
# thread per connection at the exporter).  The dead rig's scrapes send a
# 0.25 s scrape timeout (a 150 ms deadline).
STREAMS=()
stream() { # RIG COUNT MODE FILE
	local rig=$1 count=$2 mode=$3 h=()
	[ "$mode" = close ] && h+=(-H 'Connection: close')
	[ "$rig" = dead ] && h+=(-H 'X-Prometheus-Scrape-Timeout-Seconds: 0.25')
	curl -sS "${h[@]}" -w '\n@@ %{http_code} %{time_total}\n' \
		"$EXPORTER_URL/probe?target=$rig&n=[1-$count]" 2>>"$T/curl.err" |
		grep --line-buffered -E '^(@@ |rigctl_up\{)' >"$4" &
	STREAMS+=($!)
}
# How many scrapes of RIG a phase of COUNT makes, over how many streams.
# An SSH collection takes about a second (a new connection, the probe's
# commands): those rigs get a quarter of the scrapes, over more streams (so
# that most of their scrapes join a collection already running); the
# dead rig's scrapes last their deadline, spread over six streams.
rig_count() { case $1 in gpu|budget) echo $(($2 / 4 < 12 ? 12 : $2 / 4)) ;; *) echo "$2" ;; esac; }
rig_streams() { case $1 in sim*) echo 2 ;; dead) echo 6 ;; *) echo 8 ;; esac; }
# Every rig's streams at once, half kept alive, half a connection a scrape.
run_streams() { # COUNT TAG
	local r c k i
	STREAMS=()
	for r in "${RIGS[@]}"; do
		c=$(rig_count "$r" "$1")
		k=$(rig_streams "$r")
		for i in $(seq 1 "$k"); do
			stream "$r" $((c / k + (i <= c % k))) \
				"$([ $((i % 2)) = 1 ] && echo keep || echo close)" \
				"$T/out.$2.$r.$i"
		done
	done
}
phase_total() { local r n=0; for r in "${RIGS[@]}"; do n=$((n + $(rig_count "$r" "$1"))); done; echo $n; }
done_count() { cat "$T"/out."$1".${2:-*}.* 2>/dev/null | grep -c '^@@ '; } # TAG [RIG]
# While the streams run: bursts of single scrapes, one of each rig at
# once, and the other pages; each answer checked here.
EXTRA_BAD=0 EXTRA_N=0 EXTRA_PROBES=0
extra() { # PATH WANT [CURL ARGS]
	local path=$1 want=$2 out
	shift 2
	out=$(curl -sS "$@" -w '\n@@ %{http_code}' "$EXPORTER_URL$path" 2>&1)
	EXTRA_N=$((EXTRA_N + 1))
	if [ "${out##*@@ }" != 200 ] || ! grep -qF -- "$want" <<<"$out"; then
		EXTRA_BAD=$((EXTRA_BAD + 1))
		echo "$path: ${out##*@@ } $(head -c 200 <<<"$out")" >>"$T/extra.bad"
	fi
}
burst() {
	local r p pids=()
	for r in "${RIGS[@]}"; do
		(
			h=()
			[ "$r" = dead ] && h=(-H 'X-Prometheus-Scrape-Timeout-Seconds: 0.25')
			extra "/probe?target=$r" "rigctl_up{rig=\"$r\"}" "${h[@]}"
			exit "$EXTRA_BAD"
		) &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || EXTRA_BAD=$((EXTRA_BAD + 1))
		EXTRA_N=$((EXTRA_N + 1)) EXTRA_PROBES=$((EXTRA_PROBES + 1))
	done
	extra /metrics 'rigctl_exporter_scrapes_total{rig="dead"}'
	extra / 'budget'
	extra "/rig/${RIGS[$((EXTRA_N % 5))]}" '</html>'
}
# A phase: the streams, bursts until they end.  [PERCENT[:RIG] COMMAND]...:
# COMMAND runs once PERCENT of the phase's scrapes (of RIG's) are done.
phase() { # COUNT TAG [PERCENT[:RIG] COMMAND]...
	local count=$1 tag=$2 total p running rig
	total=$(phase_total "$count")
	run_streams "$count" "$tag"
	shift 2
	while :; do
		running=0
		for p in "${STREAMS[@]}"; do
			alive "$p" && running=1
		done
		while [ $# -ge 2 ]; do
			rig=${1#*:}
			if [ "$rig" = "$1" ]; then
				[ "$(done_count "$tag")" -ge $((total * $1 / 100)) ] || break
				echo "at $1 % of the scrapes: $2"
			else
				[ "$(done_count "$tag" "$rig")" -ge \
					$(($(rig_count "$rig" "$count") * ${1%%:*} / 100)) ] || break
				echo "at ${1%%:*} % of $rig's scrapes: $2"
			fi
			eval "$2"
			shift 2
		done
		# The streams all done, every event has had its turn.
		[ $running = 1 ] || break
		burst
	done
	# Their statuses are not kept: bash forgets those of old background
	# jobs after many (the bursts').  The counts below tell what each
	# stream got.
	wait "${STREAMS[@]}" 2>/dev/null
	return 0
}

# Before a sample: one scrape of each rig in turn, so that each holds
# what it holds between scrapes (a BMC session, or none) whatever the
# streams, reloads and restarts left, and the fds compare exactly.
declare -A LAST # RIG -> its answer in touch_all
touch_all() {
	local r h
	for r in "${RIGS[@]}"; do
		h=()
		[ "$r" = dead ] && h=(-H 'X-Prometheus-Scrape-Timeout-Seconds: 0.25')
		exporter_get "/probe?target=$r" "${h[@]}"
		[ "$HTTP_CODE" = 200 ] || fail "$r: HTTP $HTTP_CODE before a sample"
		LAST[$r]=$BODY
	done
}

restart_sim2() {
	kill "$SIM2_PID"
	wait "$SIM2_PID" 2>/dev/null
	ipmi_sim -c "$T/sim2/lan.conf" -f "$top_srcdir/tests/sim/rig.emu" \
		-s "$T/sim2/state" -n -p </dev/null >>"$T/sim2/ipmi_sim.log" 2>&1 &
	SIM2_PID=$!
	sims+=("$SIM2_PID")
	wait_until 10 sim__ping "$SIM2_PORT" || fail "sim2 did not come back"
}

# ---- warm-up: a tenth of the workload (at least 20 scrapes a rig), so
# that malloc's arenas, the thread-stack cache and the libraries' lazily
# opened files are at their working size before the baseline.
W=$((N / 10))
[ $W -ge 20 ] || W=20
t0=$(now_ms)
phase "$W" warm
touch_all
settle || fail "idle after the warm-up"
RSS0=$RSS_KIB FDS0=$FDS THREADS0=$THREADS
echo "warm-up: $(phase_total "$W") scrapes in $(($(now_ms) - t0)) ms; idle: RSS $RSS0 KiB, $FDS0 fds, $THREADS0 threads"

# ---- the soak
t1=$(now_ms)
# The restart halfway through sim2's own scrapes, so that they straddle it.
phase "$N" soak 25 'kill -HUP $P' 50:sim2 restart_sim2 75 'kill -HUP $P'
SCRAPES=$(($(done_count soak) + EXTRA_PROBES))
echo "soak: $SCRAPES scrapes ($(phase_total "$N") in streams, the rest in bursts), $EXTRA_N requests in bursts, in $(($(now_ms) - t1)) ms"
alive "$P" && check_eq "the exporter is alive after the soak" 0 0 ||
	{ fail "the exporter died: $(tail -20 "$EXPORTER_LOG")"; finish; }
check_eq "two reloads (SIGHUP)" 2 "$(grep -c 'inventory reloaded' "$EXPORTER_LOG")"

# ---- every scrape answered, with rigctl_up
for r in "${RIGS[@]}"; do
	files=("$T"/out.soak."$r".* "$T"/out.warm."$r".*)
	want=$(($(rig_count "$r" "$N") + $(rig_count "$r" "$W")))
	codes=$(cat "${files[@]}" | grep -c '^@@ 200 ')
	ups=$(cat "${files[@]}" | grep -c "^rigctl_up{rig=\"$r\"} [01]$")
	ones=$(cat "${files[@]}" | grep -c "^rigctl_up{rig=\"$r\"} 1$")
	check_eq "$r: $want scrapes, each HTTP 200" "$want" "$codes"
	check_eq "$r: each with rigctl_up ($ones of them 1)" "$want" "$ups"
	cat "${files[@]}" | awk -v r="$r" '/^@@ / { n++; s += $3; if ($3 > m) m = $3 }
		END { if (n) printf "%s: scrapes took %.3f s on average, %.3f s at most\n", r, s / n, m }'
done
check_eq "$EXTRA_N bursts' scrapes and pages: each 200 with its content" 0 "$EXTRA_BAD"
[ -s "$T/extra.bad" ] && head -5 "$T/extra.bad"
[ -s "$T/curl.err" ] && { echo "curl said:"; sort "$T/curl.err" | uniq -c | head; }
# The dead rig: each scrape near its 150 ms deadline.  The bound, 0.9 s,
# is six deadlines (a loaded CI machine) yet under the rig's 1 s
# bmc_timeout: a scrape that waited for the timeout instead of its
# deadline fails it.
slow=$(cat "$T"/out.*.dead.* | awk '/^@@ / && $3 > 0.9 { n++ } END { print n + 0 }')
max=$(cat "$T"/out.*.dead.* | awk '/^@@ / && $3 > m { m = $3 } END { print m + 0 }')
check_eq "dead: every scrape within its deadline (slowest ${max} s, bound 0.9 s)" 0 "$slow"
zeros=$(cat "$T"/out.*.dead.* | grep -c '^rigctl_up{rig="dead"} 0$')
check_eq "dead: rigctl_up 0 each time" "$((N + W))" "$zeros"

# ---- after it: idle again, each rig read (sim2 through a new session)
touch_all
settle || fail "idle after the soak"
RSS1=$RSS_KIB FDS1=$FDS THREADS1=$THREADS
echo "end: idle: RSS $RSS1 KiB (warm-up $RSS0, +$((RSS1 - RSS0))), $FDS1 fds (warm-up $FDS0), $THREADS1 threads (warm-up $THREADS0)"
check_eq "open fds back to the warm-up level" "$FDS0" "$FDS1"
check_eq "threads back to the warm-up level" "$THREADS0" "$THREADS1"
[ "$FDS1" != "$FDS0" ] &&
	ls -l "/proc/$P/fd" | awk 'NR > 1 { print $NF }' | sort | uniq -c | sort -rn | head
for r in sim1 sim2 gpu budget; do
	check_has "$r still read after the soak" "${LAST[$r]}" "rigctl_up{rig=\"$r\"} 1"
done
check_has "... sim1 with its DCMI reading (rigmod.so)" "${LAST[sim1]}" \
	'rigctl_power_draw_watts{rig="sim1",source="dcmi"} 312'
check_has "... and its fan headers (the fan profile)" "${LAST[sim1]}" \
	'rigctl_fan_mode{rig="sim1",header="FAN1"}'
# RSS.  A leak of 1 KiB a scrape adds SCRAPES KiB: about 7300 KiB at
# SOAK_SCRAPES=2000 (3 x 2000 scrapes of sim1, sim2 and dead, 2 x 500 of
# the SSH rigs, ~350 in bursts).  The bound is 4096 KiB, and it is
# asserted only when SCRAPES KiB is at least 5120 (1.25 x the bound):
# shorter runs (make check) only report the RSS.  Measured once warm, with
# the one malloc arena the exporter runs with here (MALLOC_ARENA_MAX=1),
# the idle RSS moves by ~1 MiB over such a run.  With glibc's default of
# one arena per thread up to 8 per core it moves by ~3 MiB, from free
# memory scattered over the arenas of threads long gone, not from the
# exporter's heap, which valgrind's massif shows flat at 1-3 MB: that
# noise would hide a leak of 1 KiB a scrape.
RSS_BOUND_KIB=4096
if [ "$SCRAPES" -ge $((RSS_BOUND_KIB * 5 / 4)) ]; then
	[ $((RSS1 - RSS0)) -lt $RSS_BOUND_KIB ] &&
		check_eq "RSS grew by $((RSS1 - RSS0)) KiB over $SCRAPES scrapes (bound $RSS_BOUND_KIB KiB)" 0 0 ||
		fail "RSS grew by $((RSS1 - RSS0)) KiB over $SCRAPES scrapes (bound $RSS_BOUND_KIB KiB)"
else
	echo "RSS not asserted: $SCRAPES scrapes are too few for a leak of 1 KiB a scrape to stand out"
fi

exporter_stop TERM
check_eq "SIGTERM stops it with status 0" 0 "$EXPORTER_RC"
finish
