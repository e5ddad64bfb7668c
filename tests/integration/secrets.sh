#!/bin/bash
# Secrets: no password or K_g in rigctl's argv, in its environment once
# read (what a child would inherit, and what /proc/PID/environ shows), in
# -vv logs, error text or JSON; rigctl is not dumpable; secret files
# owned by another user are refused.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq setpriv
start_sim
SECRET=Pw-9f3c2e71		# IPMI 2.0: at most 20 characters
KG=kg-5a1d77c0e3
dead=127.0.0.1:$(sim_freeport udp)
RBIN=$top_builddir/tools/.libs/rigctl
[ -x "$RBIN" ] || RBIN=$top_builddir/tools/rigctl	# a static build

# started PID: rigctl is past reading its secrets (it talks to the BMC).
started() { [ -n "$(ls -l "/proc/$1/fd" 2>/dev/null | grep -c socket | grep -v '^0$')" ]; }

# look PID WHAT: argv and environment of a live rigctl hold no secret.
look() {
	local pid=$1 what=$2 argv env
	wait_until 5 started "$pid" || fail "$what: rigctl never opened a socket"
	argv=$(tr '\0' ' ' <"/proc/$pid/cmdline")
	env=$(tr '\0' '\n' <"/proc/$pid/environ")
	[[ $argv == *"$SECRET"* || $argv == *"$KG"* ]] && fail "$what: secret in argv"
	[[ $env == *"$SECRET"* ]] && fail "$what: password in /proc/PID/environ"
	[[ $env == *"$KG"* ]] && fail "$what: K_g in /proc/PID/environ"
	printf 'ok: %s: argv and environment clean\n' "$what"
}

# 1. From the environment: RIGCTL_PASSWORD and RIGCTL_KG are wiped once read.
RIGCTL_PASSWORD=$SECRET RIGCTL_KG=$KG "$RIGCTL" --timeout 3000 -H "$dead" \
	-U admin power status </dev/null >/dev/null 2>&1 &
pid=$!
look "$pid" "RIGCTL_PASSWORD and RIGCTL_KG"
wait "$pid"

# 2. From the inventory's own variables (bmc_password_env, bmc_kg_env).
cat >"$T/rigs.conf" <<EOF
[r1]
bmc = $dead
bmc_user = admin
bmc_password_env = MY_BMC_PW
bmc_kg_env = MY_BMC_KG
EOF
MY_BMC_PW=$SECRET MY_BMC_KG=$KG "$RIGCTL" --timeout 3000 -c "$T/rigs.conf" \
	-r r1 power status </dev/null >/dev/null 2>&1 &
pid=$!
look "$pid" "inventory's password and K_g variables"
wait "$pid"

# 3. Logs and errors: a refused login, every output format, -vv.
PWF=$(pwfile wrong.pw "$SECRET")
KGF=$(pwfile kg "$KG")
for args in "-vv" "-vv -o json"; do
	# shellcheck disable=SC2086 # two words on purpose
	run_rigctl $args -H "$SIM_HOST" -U admin -f "$PWF" "${BMC_OPTS[@]}" \
		--timeout 3000 power status
	check_eq "wrong password ($args): exit 4" 4 "$RC"
	[[ "$OUT$ERR" == *"$SECRET"* ]] && fail "password in the output of $args"
	run_rigctl $args -H "$SIM_HOST" -U admin -f "$PWF" --kg-file "$KGF" \
		"${BMC_OPTS[@]}" --timeout 3000 info
	[ "$RC" != 0 ] || fail "a wrong K_g was accepted"
	[[ "$OUT$ERR" == *"$SECRET"* || "$OUT$ERR" == *"$KG"* ]] &&
		fail "secret in the output of $args with a K_g"
done
printf 'ok: no secret in logs, errors or JSON\n'

# 4. Not dumpable.  The kernel gives the files under /proc/PID of a
# non-dumpable process to root (proc(5)); visible only for a process that
# does not run as root itself.
mkdir -p "$T/nb"
cp "$RBIN" "$T/nb/rigctl"
cp -P "$top_builddir"/libipmirig/.libs/libipmirig.so* "$T/nb/" 2>/dev/null
printf '%s\n' "$SECRET" >"$T/nb/pw"
chmod 600 "$T/nb/pw"
chown -R 65534:65534 "$T/nb"
chmod 711 "$T"
LD_LIBRARY_PATH=$T/nb setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$T/nb/rigctl" --timeout 3000 -H "$dead" -U admin -f "$T/nb/pw" \
	power status </dev/null >/dev/null 2>"$T/nb.err" &
pid=$!
setpriv --reuid=65534 --regid=65534 --clear-groups sleep 5 &
control=$!
wait_until 5 started "$pid" || fail "rigctl as nobody did not start: $(cat "$T/nb.err")"
check_eq "a dumpable process of nobody: /proc owned by nobody" 65534 \
	"$(stat -c %u "/proc/$control/status")"
check_eq "rigctl: /proc owned by root (not dumpable)" 0 \
	"$(stat -c %u "/proc/$pid/status")"
kill "$control" 2>/dev/null
wait "$pid" "$control" 2>/dev/null

# 5. Secret files: owner and mode.
printf '%s\n' "$SECRET" >"$T/other.pw"
chmod 600 "$T/other.pw"
chown 65534 "$T/other.pw"
run_rigctl -H "$SIM_HOST" -U admin -f "$T/other.pw" power status
check_eq "password file of another user: usage error" 2 "$RC"
check_match "and says so" "owned by another user" "$ERR"
check_match "with the fix" "chown" "$ERR"
cp "$T/other.pw" "$T/other.kg"
chown 65534 "$T/other.kg"
run_rigctl -H "$SIM_HOST" -U admin --kg-file "$T/other.kg" power status
check_eq "K_g file of another user: usage error" 2 "$RC"
printf '%s\n' "$SECRET" >"$T/root.pw"
chmod 600 "$T/root.pw"
chown 0 "$T/root.pw"
run_rigctl -H "$SIM_HOST" -U admin -f "$T/root.pw" "${BMC_OPTS[@]}" power status
check_eq "root's own file is accepted (a wrong password: exit 4)" 4 "$RC"
chmod 604 "$T/root.pw"
run_rigctl -H "$SIM_HOST" -U admin -f "$T/root.pw" power status
check_eq "readable by others: usage error" 2 "$RC"
[[ "$ERR" == *"$SECRET"* ]] && fail "a refused file's content was printed"
finish
