# sshd.sh - bash library: a real OpenSSH sshd on 127.0.0.1 for the SSH path.
#
#   . tests/helpers/sshd.sh
#   sshd_start DIR   generate throw-away host and client keys in DIR, start
#                    sshd from tests/ssh/sshd_config.in at a free port, and
#                    export SSHD_PORT, SSHD_DIR, SSHD_LOG, SSH_TARGET
#                    (root@127.0.0.1:PORT or USER@...), SSH_KEY (the client
#                    key), SSH_KNOWN_HOSTS (a known_hosts that trusts the
#                    host key), SSH_FAKE_DIR (where the fakes in
#                    tests/fake-bin read their mode files and write logs).
#   sshd_stop        stop it by the PID in its pid file (TERM, then KILL)
#   sshd_restart     start it again on the same port with the same keys
#   sshd_pid         the listener's PID, or nothing
#
# The client key's authorized_keys entry sets PATH (fakes first, so the
# real systemctl is never reached) and RIG_FAKE_DIR.  As root, sshd needs
# its privilege separation directory /run/sshd: sshd runs in a private
# mount namespace with its own /run when unshare works, so the host is
# left alone; else /run/sshd is created.
#
# SPDX-License-Identifier: GPL-3.0-or-later

sshd__here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sshd__src=$(cd "$sshd__here/.." && pwd)

sshd__log() { printf 'sshd: %s\n' "$*" >&2; }

sshd_pid() {
	local pid
	[ -s "$SSHD_DIR/sshd.pid" ] || return 1
	read -r pid < "$SSHD_DIR/sshd.pid" || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	echo "$pid"
}

# sshd__listening: is something accepting on the port yet?
sshd__listening() {
	(exec 3<>"/dev/tcp/127.0.0.1/$SSHD_PORT") 2>/dev/null
}

sshd__launch() {
	local sshd
	sshd=$(command -v sshd || echo /usr/sbin/sshd)
	rm -f "$SSHD_DIR/sshd.pid"
	# Without -D sshd detaches and writes its pid file: stop goes by it.
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ] &&
		unshare --mount --propagation private true 2>/dev/null; then
		unshare --mount --propagation private sh -c \
			'mount -t tmpfs sshd-test /run && mkdir -p /run/sshd &&
			 exec "$0" -f "$1" -E "$2"' \
			"$sshd" "$SSHD_DIR/sshd_config" "$SSHD_LOG" || return 1
	else
		[ "$(id -u)" != 0 ] || mkdir -p /run/sshd
		"$sshd" -f "$SSHD_DIR/sshd_config" -E "$SSHD_LOG" || return 1
	fi
	for _ in $(seq 1 100); do # 10 s at most
		sshd_pid >/dev/null && sshd__listening && return 0
		sleep 0.1
	done
	sshd__log "sshd did not start; its log:"
	cat "$SSHD_LOG" >&2
	return 1
}

sshd_start() {
	local dir=${1:-} user fakes pub
	[ -n "$dir" ] || { sshd__log "usage: sshd_start DIR"; return 2; }
	command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] ||
		{ sshd__log "sshd not installed"; return 77; }
	case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
	mkdir -p "$dir/fake" || return 1
	export SSHD_DIR=$dir SSHD_LOG=$dir/sshd.log SSH_FAKE_DIR=$dir/fake
	ssh-keygen -q -t ed25519 -N '' -C rigtest-host -f "$dir/host_ed25519" || return 1
	ssh-keygen -q -t ed25519 -N '' -C rigtest-client -f "$dir/client" || return 1
	fakes=$sshd__src/fake-bin
	pub=$(cat "$dir/client.pub")
	printf 'environment="PATH=%s:/usr/local/bin:/usr/bin:/bin",environment="RIG_FAKE_DIR=%s" %s\n' \
		"$fakes" "$SSH_FAKE_DIR" "$pub" > "$dir/authorized_keys"
	. "$sshd__here/sim.sh"
	SSHD_PORT=$(sim_freeport tcp) || return 1
	export SSHD_PORT
	sed -e "s|@PORT@|$SSHD_PORT|g" -e "s|@DIR@|$dir|g" \
		"$sshd__src/ssh/sshd_config.in" > "$dir/sshd_config" || return 1
	user=$(id -un)
	export SSH_TARGET=$user@127.0.0.1:$SSHD_PORT SSH_KEY=$dir/client
	export SSH_KNOWN_HOSTS=$dir/known_hosts
	printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" \
		"$(cut -d' ' -f1-2 "$dir/host_ed25519.pub")" > "$SSH_KNOWN_HOSTS"
	sshd__launch
}

sshd_restart() { sshd__launch; }

sshd_stop() {
	local pid
	pid=$(sshd_pid) || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	return 0
}

# start_sshd: for the integration tests (after lib.sh): one sshd for this
# test in $T/sshd, stopped on exit; skip (77) without OpenSSH's sshd.
start_sshd() {
	local rc
	command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] ||
		skip_test "sshd not installed"
	need_cmd ssh-keygen
	sshd_start "$T/sshd"
	rc=$?
	[ "$rc" = 0 ] || { echo "could not start sshd" >&2; exit 99; }
	at_exit sshd_stop
	# The options every rigctl call against it needs; the rig reads the
	# fixture FIXTURE through --probe-root.
	SSH_OPTS=(--ssh "$SSH_TARGET" -i "$SSH_KEY" --known-hosts "$SSH_KNOWN_HOSTS")
}

# use_fixture NAME: the fakes answer from tests/fixtures/NAME; prints the
# --probe-root option pair into PROBE_ROOT.
use_fixture() {
	local f=$sshd__src/fixtures/$1 x
	for x in gpus.csv temperature.txt journal.json dmesg.txt health.csv \
		remap.csv remap.fail; do
		rm -f "$SSH_FAKE_DIR/$x"
		[ -f "$f/$x" ] && cp "$f/$x" "$SSH_FAKE_DIR/$x"
	done
	PROBE_ROOT=(--probe-root "$f")
}

# fake_mode TOOL MODE: how the fake TOOL behaves from now on.
fake_mode() { printf '%s\n' "$2" > "$SSH_FAKE_DIR/$1.mode"; }

# fake_gone TOOL: every process the fake TOOL recorded in TOOL.pids (its
# hang modes do) has exited.  Needs lib.sh's alive.
fake_gone() {
	local pid
	for pid in $(cat "$SSH_FAKE_DIR/$1.pids" 2>/dev/null); do
		alive "$pid" && return 1
	done
	return 0
}
