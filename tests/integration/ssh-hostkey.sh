#!/bin/bash
# SSH trust: an unknown host key is refused (exit 3) with its SHA256
# fingerprint and the steps to trust it; --accept-new-host-key accepts a
# new key once and writes it to known_hosts; a changed key is refused even
# then, and known_hosts is left alone; a client key the rig does not know
# is refused (exit 4).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
start_sshd
use_fixture rig-riser

FP=$(ssh-keygen -l -E sha256 -f "$SSHD_DIR/host_ed25519.pub" | awk '{ print $2 }')
check_match "fingerprint from ssh-keygen" '^SHA256:' "$FP"
KH=$T/known_hosts
status() { run_rigctl --ssh "$SSH_TARGET" -i "$SSH_KEY" --known-hosts "$KH" "$@" power status; }

# Unknown: no known_hosts file at all, then an empty one.
rm -f "$KH"
status
check_eq "unknown key (no file): exit 3" 3 "$RC"
check_has "unknown key: fingerprint" "$ERR" "$FP"
check_has "unknown key: how to trust it" "$ERR" "--accept-new-host-key"
check_has "unknown key: ssh-keyscan line" "$ERR" "ssh-keyscan -p $SSHD_PORT -t ed25519 127.0.0.1"
[ ! -e "$KH" ] || fail "known_hosts was created without --accept-new-host-key"
: > "$KH"
status
check_eq "unknown key (empty file): exit 3" 3 "$RC"
check_eq "still empty" 0 "$(wc -c < "$KH")"

# Accept a new key once; later runs need no flag.
status --accept-new-host-key
check_eq "accept new: exit 0" 0 "$RC"
check_eq "accept new: on" "$SSH_TARGET: on" "$OUT"
check_eq "accept new: one line written" 1 "$(wc -l < "$KH")"
ssh-keygen -F "[127.0.0.1]:$SSHD_PORT" -f "$KH" >/dev/null ||
	fail "the accepted key is not in known_hosts"
status
check_eq "known now: exit 0" 0 "$RC"

# Changed: known_hosts holds another key for this host:port.
ssh-keygen -q -t ed25519 -N '' -f "$T/other"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1-2 "$T/other.pub")" > "$KH"
cp "$KH" "$T/kh.before"
status
check_eq "changed key: exit 3" 3 "$RC"
check_match "changed key: says so" "CHANGED" "$ERR"
check_has "changed key: new fingerprint" "$ERR" "$FP"
check_match "changed key: removal step" "ssh-keygen -R" "$ERR"
status --accept-new-host-key
check_eq "changed key with --accept-new-host-key: still exit 3" 3 "$RC"
cmp -s "$KH" "$T/kh.before" || fail "known_hosts changed after a refused key"
run_rigctl -o json --ssh "$SSH_TARGET" -i "$SSH_KEY" --known-hosts "$KH" power status
check_eq "JSON error code 3" "ssh 3" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].errors[0] | "\(.path) \(.code)"')"

# A client key the rig does not know.
ssh-keygen -q -t ed25519 -N '' -f "$T/stranger"
run_rigctl --ssh "$SSH_TARGET" -i "$T/stranger" --known-hosts "$SSH_KNOWN_HOSTS" \
	"${PROBE_ROOT[@]}" sensors
check_eq "wrong client key: exit 4" 4 "$RC"
check_match "wrong client key: names the user" "user '$(id -un)' was refused" "$ERR"
# The right one, for contrast.
run_rigctl "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "right client key: exit 0" 0 "$RC"
finish
