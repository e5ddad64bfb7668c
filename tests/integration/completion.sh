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
check_eq "sel and sensors" "sel sensors" "$(comp rigctl -H bmc se)"
check_eq "power actions" "reading reboot reset" "$(comp rigctl -H bmc power re)"
check_eq "-L values" "operator" "$(comp rigctl -L op)"
check_eq "-o values" "nagios" "$(comp rigctl -o n)"
check_eq "global options" "--textfile --timeout" "$(comp rigctl --t)"
printf '[rig01]\nbmc = a\ngroups = farm, pro\n[rig02]\nssh = b\ngroups = farm\n' > "$T/rigs.conf"
check_eq "rigs and groups from -c" "all farm pro rig01 rig02" "$(comp rigctl -c "$T/rigs.conf" -r '')"
check_eq "events subcommands" "clear" "$(comp rigctl -r rig01 events cl)"
finish
