#!/bin/bash
# Bad input: a clear message naming what is wrong, and exit 2.  Help and
# version.  No BMC needed.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"

usage() { # WHAT PATTERN ARGS...
	local what=$1 pat=$2
	shift 2
	run_rigctl "$@"
	check_eq "$what: exit 2" 2 "$RC"
	check_match "$what: message" "$pat" "$ERR"
}

usage "no command" "no command" -H bmc
usage "no rig" "no rig chosen" power status
usage "unknown command" "unknown command 'frobnicate'" -H bmc frobnicate
usage "unknown action" "unknown action 'explode'" -H bmc power explode
usage "no action" "which action" -H bmc power
usage "extra argument" "unexpected 'now'" -H bmc power off now
usage "bad privilege" "unknown privilege 'root'" -L root -H bmc power status
usage "bad cipher" "-C wants a whole number" -C abc -H bmc power status
usage "bad workaround" "unknown workaround at 'bogus'" -W opensesspriv,bogus -H bmc power status
usage "bad timeout" "--timeout wants" --timeout 5s -H bmc power status
usage "bad output" "unknown format 'xml'" -o xml -H bmc power status
usage "output not for this command" "-o nagios is not available" -o nagios -H bmc power status
usage "prometheus only for status" "-o prometheus is not available" -o prometheus -H bmc power off
usage "--wait on status" "--wait applies to" -H bmc power status --wait
usage "--wait=x" "--wait=SECONDS" -H bmc power on --wait=soon
usage "--on-if-off on off" "--on-if-off applies" -H bmc power off --on-if-off
usage "bad port" "host:port" -H bmc:99999 power status
usage "unknown option" "unknown or incomplete option '--frob'" --frob -H bmc power status
usage "password on argv" "never takes one there" -P -H bmc power status
usage "-p secret" "never takes one there" -p secret -H bmc power status
usage "FreeIPMI's -h" "takes the BMC host as -H" -h bmc power status

# Secret files: wrong mode refused with the fixing command.
printf 'pw\n' > "$T/loose.pw"; chmod 644 "$T/loose.pw"
usage "password file mode" "chmod 600" -H bmc -f "$T/loose.pw" power status
usage "missing password file" "cannot open password file" -H bmc -f "$T/none.pw" power status
printf 'x\n' > "$T/kg"; chmod 640 "$T/kg"
usage "K_g file mode" "chmod 600" -H bmc --kg-file "$T/kg" power status

run_rigctl --help
check_eq "--help exit" 0 "$RC"
check_match "--help lists power" "power" "$OUT"
check_match "--help lists exit codes" "6  partial" "$OUT"
run_rigctl power --help
check_eq "power --help exit" 0 "$RC"
check_match "power --help" "on-if-off" "$OUT"
run_rigctl info --help
check_eq "info --help exit" 0 "$RC"
run_rigctl --version
check_eq "--version exit" 0 "$RC"
check_match "--version names the project" "libipmirig" "$OUT"
finish
