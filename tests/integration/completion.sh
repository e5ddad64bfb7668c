#!/bin/bash
# Bash completion: commands, power actions, -L and -o values, and rig and
# group names from the inventory.  bash-completion's _init_completion is
# replaced by a minimal one, so the package is not needed.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"

_init_completion() {
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	words=("${COMP_WORDS[@]}")
	cword=$COMP_CWORD
}
_filedir() { COMPREPLY=(); }
complete() { :; }
. "$top_srcdir/tools/rigctl.bash-completion"

comp() { # WORDS...: the completions of the last word
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_rigctl
	printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd' ' -
}

check_eq "commands" "power" "$(comp rigctl -H bmc po)"
check_eq "sel and sensors" "sel sensor sensors" "$(comp rigctl -H bmc se)"
check_eq "power actions" "reading reboot reset" "$(comp rigctl -H bmc power re)"
check_eq "-L values" "operator" "$(comp rigctl -L op)"
check_eq "-o values" "nagios" "$(comp rigctl -o n)"
check_eq "-o csv" "csv" "$(comp rigctl -o c)"
check_eq "--order values" "finish" "$(comp rigctl --order f)"
check_eq "new global options" "--dry-run" "$(comp rigctl --dr)"
check_eq "--yes --prefix --no-header --allow-no-auth" "--allow-no-auth --no-header --prefix --yes" \
	"$({ comp rigctl --y; comp rigctl --pre; comp rigctl --no-h; comp rigctl --allow; } | LC_ALL=C sort | paste -sd' ' -)"
check_eq "globals after the command" "--dry-run" "$(comp rigctl -H bmc power off --dr)"
check_eq "sensors --exclude --threshold" "--exclude" "$(comp rigctl -H bmc sensors --exc)"
check_eq "sensors --threshold" "--threshold --thresholds" "$(comp rigctl -H bmc sensors --thresh)"
check_eq "check --exclude --threshold" "--threshold" "$(comp rigctl -H bmc check --thr)"
check_eq "check --baseline" "--baseline" "$(comp rigctl -H bmc check --bas)"
check_eq "check --ack" "--accept-new-host-key --ack" "$(comp rigctl -H bmc check --ac)"
check_eq "check --event-hold" "--event-hold" "$(comp rigctl -H bmc check --ev)"
check_eq "power off --graceful" "--graceful" "$(comp rigctl -H bmc power off --gr)"
check_eq "watchdog command" "watchdog" "$(comp rigctl -H bmc wa)"
check_eq "fans command" "fans" "$(comp rigctl -H bmc fa)"
check_eq "fans subcommands" "follow" "$(comp rigctl -H bmc fans fo)"
check_eq "fans follow options" "--headers --help --hysteresis" "$(comp rigctl -H bmc fans follow --h)"
check_eq "--fan-profile values" "asrock-ast2500" "$(comp rigctl --fan-profile as)"
check_eq "a value of --fan-profile is not the command" "set" "$(comp rigctl --fan-profile asrock-ast2500 fans se)"
check_eq "exporter command" "exporter" "$(comp rigctl -r all exp)"
check_eq "exporter --metrics values" "ipmi_exporter" "$(comp rigctl exporter --metrics ip)"
check_eq "exporter options" "--listen" "$(comp rigctl exporter --lis)"
check_eq "watchdog --hold --release" "--hold" "$(comp rigctl -H bmc watchdog --ho)"
check_eq "watchdog --release" "--release" "$(comp rigctl -H bmc watchdog --rel)"
check_eq "watchdog --action values" "cycle" "$(comp rigctl -H bmc watchdog --action c)"
check_eq "watchdog --unreachable --boot-grace" "--boot-grace" "$(comp rigctl -H bmc watchdog --bo)"
check_eq "--event-hold values" "24h" "$(comp rigctl -H bmc check --event-hold 2)"
check_eq "a value of --order is not the command" "status" "$(comp rigctl --order finish power sta)"
check_eq "help and aliases" "help" "$(comp rigctl he)"
check_eq "help COMMAND" "sdr sel sensor sensors" "$(comp rigctl help s)"
check_eq "chassis power" "power" "$(comp rigctl -H bmc chassis p)"
check_eq "chassis power actions" "off on" "$(comp rigctl -H bmc chassis power o)"
check_eq "sdr has sensors' options" "--threshold --thresholds" "$(comp rigctl -H bmc sdr --thr)"
check_eq "global options" "--textfile --timeout" "$(comp rigctl --t)"
check_eq "chassis status" "status" "$(comp rigctl -H bmc chassis s)"
check_eq "power policy" "policy" "$(comp rigctl -H bmc power po)"
check_eq "power policy values" "always-off always-on" "$(comp rigctl -H bmc power policy al)"
check_eq "bmc and raw" "bmc boot" "$(comp rigctl -H bmc b)"
check_eq "raw" "raw rigs" "$(comp rigctl -H bmc r)"
check_eq "bmc subcommands" "reset time" "$({ comp rigctl -H bmc bmc r; comp rigctl -H bmc bmc t; } | paste -sd' ' -)"
check_eq "bmc reset kinds" "cold" "$(comp rigctl -H bmc bmc reset c)"
check_eq "bmc reset --wait" "--wait" "$(comp rigctl -H bmc bmc reset warm --wa)"
check_eq "bmc time sync" "sync" "$(comp rigctl -H bmc bmc time s)"
check_eq "console --deactivate" "--deactivate" "$(comp rigctl -H bmc console --de)"
printf '[rig01]\nbmc = a\ngroups = farm, pro\n[rig02]\nssh = b\ngroups = farm\n' > "$T/rigs.conf"
check_eq "rigs and groups from -c" "all farm pro rig01 rig02" "$(comp rigctl -c "$T/rigs.conf" -r '')"
check_eq "events subcommands" "clear" "$(comp rigctl -r rig01 events cl)"
finish
