# exporter.sh - bash library: rigctl exporter and a real Prometheus for tests.
#   . "$top_srcdir/tests/helpers/lib.sh"; . "$top_srcdir/tests/helpers/exporter.sh"
#
#   exporter_start INVENTORY [ARGS...]
#                   run "rigctl -c INVENTORY -r $EXPORTER_RIGS (default all)
#                   exporter --listen 127.0.0.1:PORT ARGS..." on a free
#                   port; waits until it answers /metrics.
#                   Sets EXPORTER_PORT, EXPORTER_PID, EXPORTER_URL
#                   (http://127.0.0.1:PORT), EXPORTER_LOG.  Stopped on exit.
#                   EXPORTER_ENV may hold VAR=VALUE words for its environment.
#   exporter_stop [SIGNAL]   TERM (default) and wait; sets EXPORTER_RC.
#   exporter_get PATH [CURL ARGS...]
#                            GET PATH from the exporter: the body in BODY,
#                            the HTTP code in HTTP_CODE (also for 4xx; 000
#                            when nothing answered).  Call it directly, not
#                            in $(...), or the variables are lost.
#   prom_start FRAGMENT      run Prometheus with a config whose scrape_configs
#                            are FRAGMENT (YAML, the list items, indented by
#                            two spaces; @EXPORTER@ becomes 127.0.0.1:PORT of
#                            the exporter); scrape_interval 2s unless
#                            PROM_INTERVAL says otherwise.  Sets PROM_PORT,
#                            PROM_PID, PROM_URL, PROM_LOG.  Stopped on exit.
#   prom_stop
#   prom_query EXPR          the /api/v1/query JSON for EXPR
#   prom_wait_series EXPR [SECONDS]
#                            wait (default 30 s) until EXPR returns at least
#                            one series; the JSON on stdout; 1 on timeout.
#   prom_targets             the /api/v1/targets JSON
#
# Needs curl and jq; prometheus for prom_*.  Ports come from sim_freeport
# (tests/helpers/sim.sh).
#
# Copyright (C) the libipmirig authors.  SPDX-License-Identifier: GPL-3.0-or-later

: "${top_srcdir:?}" "${T:?lib.sh first}"
. "$top_srcdir/tests/helpers/sim.sh"
: "${RIGCTL_EXPORTER:=$top_builddir/tools/exporter/rigctl-exporter}"
export RIGCTL_EXPORTER

EXPORTER_PID=
PROM_PID=

exporter_start() {
	local inv=$1 t
	shift
	EXPORTER_PORT=$(sim_freeport tcp) || return 1
	EXPORTER_URL=http://127.0.0.1:$EXPORTER_PORT
	EXPORTER_LOG=$T/exporter.$EXPORTER_PORT.log
	# shellcheck disable=SC2086 # EXPORTER_ENV is a list of words
	env ${EXPORTER_ENV:-} "$RIGCTL" -c "$inv" -r "${EXPORTER_RIGS:-all}" exporter \
		--listen "127.0.0.1:$EXPORTER_PORT" "$@" \
		</dev/null >"$EXPORTER_LOG" 2>&1 &
	EXPORTER_PID=$!
	t=$((SECONDS + 15))
	until curl -fsS -o /dev/null "$EXPORTER_URL/metrics" 2>/dev/null; do
		if ! alive "$EXPORTER_PID"; then
			echo "exporter died at start:" >&2
			cat "$EXPORTER_LOG" >&2
			EXPORTER_PID=
			return 1
		fi
		[ $SECONDS -lt $t ] || { echo "exporter does not answer" >&2; return 1; }
		sleep 0.1
	done
}

exporter_stop() {
	EXPORTER_RC=
	[ -n "$EXPORTER_PID" ] || return 0
	kill -"${1:-TERM}" "$EXPORTER_PID" 2>/dev/null
	wait "$EXPORTER_PID" 2>/dev/null
	EXPORTER_RC=$?
	EXPORTER_PID=
}

exporter_get() {
	local path=$1 out
	shift
	out=$(curl -sS -w '\n%{http_code}' "$@" "$EXPORTER_URL$path") ||
		{ HTTP_CODE=000; BODY=; return 1; }
	HTTP_CODE=${out##*$'\n'}
	BODY=${out%$'\n'*}
	BODY=${BODY%$'\n'} # as $(...) would give it
}

prom_start() {
	local fragment=$1 dir t
	command -v prometheus >/dev/null 2>&1 || skip_test "prometheus not installed"
	PROM_PORT=$(sim_freeport tcp) || return 1
	PROM_URL=http://127.0.0.1:$PROM_PORT
	dir=$T/prom.$PROM_PORT
	mkdir -p "$dir/data"
	PROM_LOG=$dir/prometheus.log
	{
		printf 'global:\n  scrape_interval: %s\n  scrape_timeout: %s\n' \
			"${PROM_INTERVAL:-2s}" "${PROM_TIMEOUT:-${PROM_INTERVAL:-2s}}"
		printf 'scrape_configs:\n'
		printf '%s\n' "${fragment//@EXPORTER@/127.0.0.1:${EXPORTER_PORT:-0}}"
	} >"$dir/prometheus.yml"
	prometheus --config.file="$dir/prometheus.yml" \
		--storage.tsdb.path="$dir/data" \
		--web.listen-address="127.0.0.1:$PROM_PORT" \
		</dev/null >"$PROM_LOG" 2>&1 &
	PROM_PID=$!
	t=$((SECONDS + 30))
	until curl -fsS -o /dev/null "$PROM_URL/-/ready" 2>/dev/null; do
		if ! alive "$PROM_PID"; then
			echo "prometheus died at start:" >&2
			tail -20 "$PROM_LOG" >&2
			PROM_PID=
			return 1
		fi
		[ $SECONDS -lt $t ] || { echo "prometheus not ready" >&2; return 1; }
		sleep 0.2
	done
}

prom_stop() {
	[ -n "$PROM_PID" ] || return 0
	kill -TERM "$PROM_PID" 2>/dev/null
	wait "$PROM_PID" 2>/dev/null
	PROM_PID=
}

prom_query() {
	curl -fsS --data-urlencode "query=$1" "$PROM_URL/api/v1/query"
}

prom_targets() {
	curl -fsS "$PROM_URL/api/v1/targets"
}

prom_wait_series() {
	local expr=$1 t=$((SECONDS + ${2:-30})) out
	while :; do
		out=$(prom_query "$expr" 2>/dev/null) &&
			[ "$(jq '.data.result | length' <<<"$out")" -gt 0 ] && {
			printf '%s\n' "$out"
			return 0
		}
		[ $SECONDS -lt $t ] || return 1
		sleep 0.5
	done
}

at_exit prom_stop
at_exit exporter_stop
