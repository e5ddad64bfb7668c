#!/bin/bash
# Cipher suites against the simulated BMC: cipher suite 0 (no
# authentication) is refused before anything is sent (exit 2, with the way
# out) unless --allow-no-auth, which then works and warns; a suite FreeIPMI
# does not implement (5) and one the BMC turns down (17: ipmi_sim has no
# SHA-256 suites) each say so (exit 5), never "internal IPMI error".
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
PW=$(pwfile admin.pw adminpw)
B=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --timeout 3000)

run_rigctl "${B[@]}" -C 0 power status
check_eq "-C 0: refused" 2 "$RC"
check_has "-C 0: why" "$ERR" "cipher suite 0 authenticates nothing"
check_has "-C 0: the way out" "$ERR" "--allow-no-auth"
check_eq "-C 0: nothing on stdout" "" "$OUT"

# The inventory's cipher_suite = 0 is refused the same way.
cat > "$T/rigs.conf" <<CONF
[open]
bmc = $SIM_HOST
bmc_user = admin
bmc_password_file = $PW
bmc_cipher_suite = 0
bmc_workarounds = opensesspriv
CONF
run_rigctl -c "$T/rigs.conf" -r open power status
check_eq "inventory cipher 0: refused" 2 "$RC"

run_rigctl -o json "${B[@]}" -C 0 --allow-no-auth power status
check_eq "-C 0 --allow-no-auth: works" 0 "$RC"
check_eq "-C 0 --allow-no-auth: the state" on "$(jq -r '.rigs[0].power.state' <<<"$OUT")"
check_has "-C 0 --allow-no-auth: warns" "$ERR" "warning: cipher suite 0: no authentication"

run_rigctl "${B[@]}" -C 5 power status
check_eq "-C 5: unsupported" 5 "$RC"
check_has "-C 5: says so" "$ERR" "cipher suite 5 is not supported"
check_has "-C 5: what to try" "$ERR" "-C 17 or -C 3"

run_rigctl -o json "${B[@]}" -C 17 power status
check_eq "-C 17 on a BMC without it: unsupported" 5 "$RC"
msg=$(jq -r '.rigs[0].errors[0].message' <<<"$OUT")
check_has "-C 17: says so" "$msg" "does not support that cipher suite"
check_eq "-C 17: the hint" cipher-suite "$(jq -r '.rigs[0].errors[0].hint' <<<"$OUT")"

run_rigctl "${B[@]}" -C 3 power status
check_eq "-C 3: fine, no warning" "0:" "$RC:$ERR"
finish
