#!/bin/bash
# --textfile names (command and selection), the union of several textfiles
# as node_exporter's textfile collector merges them (promtool accepts it,
# no series twice), the removal of the file an older rigctl wrote, and one
# check state per rig and output: a cron mail, Nagios and a textfile each
# see a new event once, overlapping selections do not take each other's
# events, and an upgrade from one state per rig reports nothing again.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool promtool
start_sim
A=$SIM_HOST A_PORT=$SIM_PORT
at_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
unset SIM_PID
start_sim
B=$SIM_HOST
PW=$(pwfile admin.pw adminpw)
PSU="0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x08 0x30 0x6f 0x01 0xff 0xff"
CORR="0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x40 0x6f 0x00 0xff 0x03"
sel_add_to() { # PORT BYTES...
	local port=$1
	shift
	ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$port" -U admin -P adminpw \
		raw 0x0a 0x44 "$@" >/dev/null || fail "Add SEL Entry on $port"
}
cat > "$T/rigs.conf" <<CONF
[rig01]
bmc = $A
bmc_user = admin
bmc_password_file = $PW
bmc_workarounds = opensesspriv
groups = g1, both

[rig02]
bmc = $B
bmc_user = admin
bmc_password_file = $PW
bmc_workarounds = opensesspriv
groups = g2, both
CONF
TF=$T/tf
mkdir "$TF"
C=(-c "$T/rigs.conf" --state-dir "$T/state" --cache-dir "$T/cache" -o prometheus
   --textfile "$TF")
sel_add_to "$A_PORT" $PSU
sel_add $PSU
sel_add $CORR

# merge FILES...: one exposition as node_exporter merges textfiles: a
# family's HELP and TYPE once, its samples from every file together.
merge() {
	awk '/^# (HELP|TYPE) / { k = $2 SUBSEP $3
		if (!(k in meta)) meta[k] = $0
		if (!($3 in seen)) { seen[$3] = 1; order[++n] = $3 }
		next }
	/^#/ || NF == 0 { next }
	{ f = $0; sub(/[{ ].*/, "", f)
	  if (!(f in seen)) { seen[f] = 1; order[++n] = f }
	  s[f] = s[f] $0 "\n" }
	END { for (i = 1; i <= n; i++) { f = order[i]
		if (("HELP" SUBSEP f) in meta) print meta["HELP" SUBSEP f]
		if (("TYPE" SUBSEP f) in meta) print meta["TYPE" SUBSEP f]
		printf "%s", s[f] } }' "$@"
}

# An older rigctl wrote rigctl-ecc.prom for every selection: the one of
# this selection's rigs goes, another selection's stays.
printf 'rigctl_check_state{rig="rig01"} 0\n' > "$TF/rigctl-ecc.prom"

run_rigctl "${C[@]}" -r g1 check
check_eq "g1 check: critical (PSU)" 2 "$RC"
run_rigctl "${C[@]}" -r g2 check
check_eq "g2 check: critical (PSU)" 2 "$RC"
run_rigctl "${C[@]}" -r g1 ecc check
check_eq "g1 ecc check: nothing on rig01" 0 "$RC"
run_rigctl "${C[@]}" -r g2 ecc check
check_eq "g2 ecc check: the correctable error" 1 "$RC"
run_rigctl "${C[@]}" -r all check
check_eq "all: critical" 2 "$RC"
run_rigctl "${C[@]}" -r g1 power status
check_eq "power status textfile" 0 "$RC"
check_eq "one file per command and selection, the old one gone" \
	"rigctl-check-g1.prom rigctl-check-g2.prom rigctl-check.prom rigctl-ecc-check-g1.prom rigctl-ecc-check-g2.prom rigctl-power-status-g1.prom" \
	"$(cd "$TF" && ls -A | sort | paste -sd ' ')"

printf 'rigctl_check_state{rig="elsewhere"} 0\n' > "$TF/rigctl-ecc.prom"
run_rigctl "${C[@]}" -r g1 ecc check
check_eq "another selection's old file stays" yes \
	"$([ -e "$TF/rigctl-ecc.prom" ] && echo yes || echo no)"
rm "$TF/rigctl-ecc.prom"

# The union of the groups' files and of check and ecc check.
merge "$TF"/rigctl-check-g1.prom "$TF"/rigctl-check-g2.prom \
	"$TF"/rigctl-ecc-check-g1.prom "$TF"/rigctl-ecc-check-g2.prom \
	"$TF"/rigctl-power-status-g1.prom > "$T/union.prom"
if promtool check metrics < "$T/union.prom" > "$T/why" 2>&1; then
	check_eq "promtool accepts the union" 0 0
else
	fail "promtool rejects the union: $(cat "$T/why")"
fi
check_eq "no series twice in the union" "" \
	"$(grep -v '^#' "$T/union.prom" | sed 's/ [^ ]*$//' | sort | uniq -d)"
check_match "check and ecc check told apart" \
	'rigctl_check_state\{rig="rig02",check="ecc"\} 1' "$(cat "$T/union.prom")"
check_match "the check's state" \
	'rigctl_check_state\{rig="rig02",check="check"\} 2' "$(cat "$T/union.prom")"

# Events are counters (increase() in an alert), per output.
crit() { # FILE RIG: the critical SEL events the textfile's output counted
	sed -n "s/^rigctl_events_total{rig=\"$2\",check=\"check\",source=\"sel\",severity=\"critical\",kind=\"event\"} //p" "$1"
}
check_eq "g1 counted rig01's PSU event" 1 "$(crit "$TF/rigctl-check-g1.prom" rig01)"
check_match "the correctable error counted by kind" \
	'rigctl_events_total\{rig="rig02",check="ecc",source="sel",severity="[a-z]+",kind="correctable"\} 1' \
	"$(cat "$TF/rigctl-ecc-check-g2.prom")"
# Overlapping selections: "both" is a consumer of its own, so the PSU
# events g1 and g2 reported are new to it, once.
run_rigctl "${C[@]}" -r both check
check_eq "overlapping group: sees rig01's event" 2 "$RC"
check_eq "overlapping group: counts rig01's event" 1 "$(crit "$TF/rigctl-check-both.prom" rig01)"
check_eq "overlapping group: and rig02's" 1 "$(crit "$TF/rigctl-check-both.prom" rig02)"
run_rigctl "${C[@]}" -r both check
check_eq "and then not again" "0 1" "$RC $(crit "$TF/rigctl-check-both.prom" rig01)"
run_rigctl "${C[@]}" -r g1 check
check_eq "g1 was not robbed: nothing new, nothing lost" "0 1" "$RC $(crit "$TF/rigctl-check-g1.prom" rig01)"

# One new event: the table (cron), Nagios and the textfile each see it once.
O=(-c "$T/rigs.conf" --state-dir "$T/state" --cache-dir "$T/cache" -r g1)
run_rigctl "${O[@]}" check
run_rigctl "${O[@]}" -o nagios check --event-hold 0
run_rigctl "${O[@]}" check
check_eq "table: up to date, silent" "0:" "$RC:$OUT"
sel_add_to "$A_PORT" $PSU
run_rigctl "${O[@]}" check
check_eq "table sees the new event" 2 "$RC"
run_rigctl "${O[@]}" check
check_eq "table: once" "0:" "$RC:$OUT"
run_rigctl "${O[@]}" -o nagios check --event-hold 0
check_eq "nagios sees it too" 2 "$RC"
check_match "nagios names it" "PSU1" "$OUT"
run_rigctl "${O[@]}" -o nagios check --event-hold 0
check_eq "nagios: once (no hold)" 0 "$RC"
run_rigctl "${C[@]}" -r g1 check
check_eq "the textfile sees it too" "2 2" "$RC $(crit "$TF/rigctl-check-g1.prom" rig01)"
run_rigctl "${C[@]}" -r g1 check
check_eq "the textfile: once" "0 2" "$RC $(crit "$TF/rigctl-check-g1.prom" rig01)"

# An upgrade: the one state file per rig an older rigctl kept is every
# consumer's starting point: nothing is reported again to anyone.
U=(-H "$B" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/up" --cache-dir "$T/cache")
run_rigctl "${U[@]}" check
check_eq "before the upgrade: the history" 2 "$RC"
mv "$T/up/$B/check.table.state" "$T/up/$B/check.state"
run_rigctl "${U[@]}" check
check_eq "upgraded: the table reports nothing again" "0:" "$RC:$OUT"
run_rigctl "${U[@]}" -o nagios check
check_eq "upgraded: nor Nagios" 0 "$RC"
run_rigctl "${U[@]}" -o json check
check_eq "upgraded: nor JSON" 0 "$RC"
finish
