#!/bin/bash
# The SSH path as a module.  With shared libraries: libipmirig.so does not
# need libssh; ipmirig-ssh.so exports its entry point only; a BMC-only
# command never loads libssh, an SSH one loads the module from beside
# libipmirig.so; a library without its module, or with a broken one, says
# so (exit 5) and names the files.  Without shared libraries: no module is
# built and the SSH path works without one.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"

libs=$top_builddir/libipmirig/.libs
port=$("$SIM_FREEPORT" tcp) || { echo "no free port" >&2; exit 99; }
ssh_target=root@127.0.0.1:$port

if [ ! -e "$libs/libipmirig.so" ]; then
	check_eq "static: no module built" no \
		"$([ -e "$libs/ipmirig-ssh.so" ] && echo yes || echo no)"
	run_rigctl --ssh "$ssh_target" --timeout 2000 power status
	check_eq "static: SSH path linked in (exit 0)" 0 "$RC"
	check_eq "static: SSH path linked in" "$ssh_target: unreachable" "$OUT"
	finish
fi
need_cmd nm readelf

needed=$(readelf -d "$libs/libipmirig.so" | grep NEEDED)
check_eq "libipmirig.so does not need libssh" "" \
	"$(grep -E 'libssh|libcrypto|jansson' <<<"$needed")"
check_match "the module needs libssh" 'libssh' \
	"$(readelf -d "$libs/ipmirig-ssh.so" | grep NEEDED)"
# A library helper newly called from libipmirig/paths/ssh/module/ needs
# its forwarder in module.c there: without, the module would not load
# (RTLD_NOW).
check_eq "the module needs no symbol of the library" "" \
	"$(ldd -r "$libs/ipmirig-ssh.so" 2>&1 |
		grep -oE 'undefined symbol: (rig|ssh|sshp|probe|kmsg)_[a-z_]*')"
check_eq "the module exports its entry point only" rig_ssh_module_init \
	"$(nm -D --defined-only "$libs/ipmirig-ssh.so" | awk '{print $3}' |
		sed 's/@.*//' | tr '\n' ' ' | sed 's/ $//')"

bmc=$(loaded "$RIGCTL" -U admin -H "127.0.0.1:$port" --timeout 200 \
	power status)
check_match "BMC-only run: libipmirig loaded" 'libipmirig\.so' "$bmc"
check_eq "BMC-only run: no libssh, no module" "" \
	"$(grep -E 'libssh|libcrypto|libkrb5|ipmirig-ssh' <<<"$bmc")"

ssh=$(loaded "$RIGCTL" --ssh "$ssh_target" --timeout 2000 power status)
check_match "SSH run: module from the build tree" \
	"^$libs/ipmirig-ssh\.so$" "$(grep ipmirig-ssh <<<"$ssh")"
check_match "SSH run: libssh loaded" 'libssh\.so' "$ssh"

# The library alone in a directory: the real program (not libtool's
# wrapper, which would point it back at the build tree) run against it.
bin=$top_builddir/tools/.libs/lt-rigctl
[ -x "$bin" ] || bin=$top_builddir/tools/.libs/rigctl
mkdir -p "$T/lib"
soname=$(readelf -d "$libs/libipmirig.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ -n "$soname" ] || { echo "libipmirig.so has no SONAME" >&2; exit 99; }
cp -L "$libs/$soname" "$T/lib/"
LD_LIBRARY_PATH=$T/lib "$bin" --ssh "$ssh_target" --timeout 2000 \
	power status </dev/null >"$T/out" 2>"$T/err"
RC=$?
if [ "$RC" = 5 ]; then
	want="SSH support is not installed: no $T/lib/libipmirig/ipmirig-ssh"
	want+="\.so, $T/lib/ipmirig-ssh\.so nor /"
	check_match "no module: says so, names where it looked" "$want" \
		"$(cat "$T/err")"
else
	# Installed on this machine: the configured directory is the fallback.
	check_eq "no module beside the library: the installed one (exit 0)" \
		0 "$RC"
fi

echo "not a shared object" > "$T/lib/ipmirig-ssh.so"
LD_LIBRARY_PATH=$T/lib "$bin" --ssh "$ssh_target" --timeout 2000 \
	power status </dev/null >"$T/out" 2>"$T/err"
check_eq "broken module: exit 5" 5 "$?"
check_match "broken module: names it" \
	"SSH support could not be loaded: $T/lib/ipmirig-ssh\.so" \
	"$(cat "$T/err")"

cp -L "$libs/$soname" "$T/lib/ipmirig-ssh.so"
LD_LIBRARY_PATH=$T/lib "$bin" --ssh "$ssh_target" --timeout 2000 \
	power status </dev/null >"$T/out" 2>"$T/err"
check_eq "not our module: exit 5" 5 "$?"
check_match "not our module: says so" "has no rig_ssh_module_init" \
	"$(cat "$T/err")"
finish
