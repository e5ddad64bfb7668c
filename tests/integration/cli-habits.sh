#!/bin/bash
# The operator's habits, against two simulated BMCs: global
# options after the command, repeated options, "help COMMAND", "did you
# mean", the aliases, --dry-run, and the confirmation on a terminal.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq script
. "$top_srcdir/tests/helpers/sim.sh"
need_cmd ipmi_sim

sim_start "$T/sim1" || exit 99
at_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
H1=$SIM_HOST S1=$SIM_STATE
sim_start "$T/sim2" || exit 99
at_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
H2=$SIM_HOST S2=$SIM_STATE
unset SIM_PID
PW=$(pwfile admin.pw adminpw)
A=(-U admin -f "$PW" -W opensesspriv)
actions() { cat "$S1/actions.log" "$S2/actions.log" 2>/dev/null | wc -l; }

usage() { # WHAT PATTERN ARGS...
	local what=$1 pat=$2
	shift 2
	run_rigctl "$@"
	check_eq "$what: exit 2" 2 "$RC"
	check_match "$what: message" "$pat" "$ERR"
}

# ---- global options after the command: the same JSON both ways
run_rigctl -H "$H1" "${A[@]}" -o json sensors
before=$OUT rc_before=$RC
run_rigctl sensors -H "$H1" "${A[@]}" -o json
check_eq "sensors, options after: exit" "$rc_before" "$RC"
check_eq "sensors, options after: exit 0" 0 "$RC"
check_eq "same JSON as with the options before" \
	"$(jq -S 'del(.rigs[].sensors[].reading)' <<<"$before")" \
	"$(jq -S 'del(.rigs[].sensors[].reading)' <<<"$OUT")"
check_eq "sensors listed" true "$(jq '.rigs[0].sensors | length > 0' <<<"$OUT")"
# Split around the command, a subcommand and the command's own options.
run_rigctl -H "$H1" power -U admin status -o json -f "$PW" -W opensesspriv
check_eq "power status, split options: state" on "$(jq -r '.rigs[0].power.state' <<<"$OUT")"
usage "global option given on both sides" "-U.* given twice" \
	-H "$H1" -U admin power status -U admin
usage "option of a command before it" "'--wait' is an option of 'power'" \
	-H "$H1" --wait power on
run_rigctl -H "$H1" check --timeotu 500
check_eq "a check's option error after it is UNKNOWN (3)" 3 "$RC"
run_rigctl power status -H "$H1" "${A[@]}" -- -o json
check_eq "after --, -o is not a global: exit 2" 2 "$RC"

# ---- repeated options
run_rigctl -H "$H1" -H "$H2" "${A[@]}" -o json power status
check_eq "-H twice: exit 0" 0 "$RC"
check_eq "-H twice: both rigs" "$H1 $H2" "$(jq -r '[.rigs[].rig] | join(" ")' <<<"$OUT")"
run_rigctl -H "$H1" power status -H "$H2" "${A[@]}" -o json
check_eq "-H before and after the command: both rigs" "$H1 $H2" \
	"$(jq -r '[.rigs[].rig] | join(" ")' <<<"$OUT")"
usage "-U twice" "-U given twice" -H "$H1" -U admin -U operator power status
usage "empty --ssh" "--ssh needs a value" --ssh '' power status
usage "empty -U" "-U needs a value" -H "$H1" -U '' power status
usage "empty -c" "-c needs a value" -c '' rigs

# ---- help, did you mean, aliases
run_rigctl sensors --help
want=$OUT
run_rigctl help sensors
check_eq "help sensors: exit" 0 "$RC"
check_eq "help sensors = sensors --help" "$want" "$OUT"
run_rigctl --help
want=$OUT
run_rigctl help
check_eq "help alone = --help" "$want" "$OUT"
usage "help of no command" "did you mean 'power'" help pwoer
usage "mistyped command" "did you mean 'sensors'\\?" -H "$H1" sensrs
usage "mistyped option before" "did you mean '--timeout'\\?" -H "$H1" --timeotu 500 power status
usage "mistyped option after" "did you mean '--timeout'\\?" -H "$H1" power status --timeotu 500
for alias in sdr sensor; do
	run_rigctl -H "$H1" "${A[@]}" -o json "$alias"
	check_eq "$alias: exit 0" 0 "$RC"
	check_eq "$alias: the sensors noun" true "$(jq '.rigs[0].sensors | length > 0' <<<"$OUT")"
done
run_rigctl -H "$H1" "${A[@]}" chassis power status
check_eq "chassis power status" "$H1: on" "$OUT"
run_rigctl -H "$H1" "${A[@]}" -o json chassis power status
check_eq "chassis power: the power noun" on "$(jq -r '.rigs[0].power.state' <<<"$OUT")"
usage "chassis without a subcommand" "which one\\? status or power" -H "$H1" chassis

# ---- --dry-run sends nothing
n=$(actions)
run_rigctl -H "$H1" -H "$H2" "${A[@]}" power off --dry-run
check_eq "dry run: exit 0" 0 "$RC"
check_has "dry run: says what and where" "$OUT" "$H1: would power off (chassis control via BMC $H1)"
check_has "dry run: for each rig" "$OUT" "$H2: would power off"
check_eq "dry run: nothing reached a BMC" "$n" "$(actions)"
run_rigctl -H "$H1" "${A[@]}" power status
check_eq "dry run: the rig is still on" "$H1: on" "$OUT"
run_rigctl -o json -H "$H1" "${A[@]}" --dry-run events clear
check_eq "dry run JSON: flagged" true "$(jq '.rigs[0].events.dry_run' <<<"$OUT")"
check_match "dry run JSON: says what" "clear the SEL" "$(jq -r '.rigs[0].events.would' <<<"$OUT")"
run_rigctl -H "$H1" "${A[@]}" --dry-run boot pxe
check_has "dry run of boot" "$OUT" "would set the boot device to pxe"
run_rigctl -H "$H1" "${A[@]}" --dry-run identify 5
check_has "dry run of identify" "$OUT" "would turn identify on for 5 s"
check_eq "dry runs: still nothing reached a BMC" "$n" "$(actions)"

# ---- the question, on a terminal (script(1) gives rigctl one)
term() { # ANSWER ARGS...: RC and OUT of rigctl on a terminal fed ANSWER
	local answer=$1 q
	shift
	printf -v q '%q ' "$RIGCTL" "$@"
	OUT=$(printf '%s\n' "$answer" | timeout 60 script -qec "$q" /dev/null)
	RC=$?
}
term n -H "$H1" -H "$H2" "${A[@]}" power off
check_eq "declined: exit 1" 1 "$RC"
check_has "the question names the rigs" "$OUT" "Power off 2 rigs ($H1, $H2)? [y/N]"
check_has "declined: says nothing was sent" "$OUT" "nothing was sent"
check_eq "declined: nothing reached a BMC" "$n" "$(actions)"
check_eq "declined: rig 1 still on" 1 "$(cat "$S1/power")"
term y -H "$H1" -H "$H2" "${A[@]}" power off
check_eq "confirmed: exit 0" 0 "$RC"
check_eq "confirmed: rig 1 off" 0 "$(cat "$S1/power")"
check_eq "confirmed: rig 2 off" 0 "$(cat "$S2/power")"
term n -H "$H1" -H "$H2" "${A[@]}" --yes power on
check_eq "--yes: no question for on either way" 0 "$RC"
m=$(grep -c '^power 0' "$S1/actions.log")
term n -H "$H1" -H "$H2" "${A[@]}" power cycle --yes
check_eq "--yes: sent without a question" 0 "$RC"
check_eq "--yes: no question asked" "" "$(grep -F '[y/N]' <<<"$OUT")"
check_eq "--yes: rig 1 saw the cycle's off" $((m + 1)) "$(grep -c '^power 0' "$S1/actions.log")"
# No terminal: no question, as in cron.
run_rigctl -H "$H1" -H "$H2" "${A[@]}" power off
check_eq "no terminal: sent" 0 "$RC"
check_eq "no terminal: rig 2 off" 0 "$(cat "$S2/power")"
finish
