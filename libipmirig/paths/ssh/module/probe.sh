# SPDX-License-Identifier: GPL-3.0-or-later
#
# The libipmirig SSH probe, format version 1.  The library embeds this file
# at build time and sends it on stdin to `timeout -k 2 W sh -s` on the rig,
# after lines that set:
#   RIG_WHAT        sensors | events | ecc | info | poweroff | reboot
#   RIG_ROOT        prefix for /sys, /proc and /etc ("" for the real ones)
#   RIG_T           seconds each external command may run
#   RIG_SINCE_KIND  "j" (journal cursor), "d" (dmesg), or ""
#   RIG_SINCE       the journal cursor to continue after, or ""
#
# Output (parsed by libipmirig/paths/ssh/module/parse.c): a header line
#   rigprobe<TAB>1<TAB>WHAT
# then records, one per line, fields separated by TAB, the first field
# naming the record, and last the end marker
#   rigprobe-end<TAB>1
# An answer without the end marker is truncated, hence an error.  Anything
# before the header (shell startup files that print) is skipped.
#
# POSIX sh only: the rig may run dash or busybox.  Comment lines and blank
# lines are dropped when the script is embedded.

rp_tab=$(printf '\t')
rp_nl='
'

# rp_rec KIND FIELD...: print one record.
rp_rec() {
	rp_line=$1
	shift
	for rp_f in "$@"; do
		rp_line=$rp_line$rp_tab$rp_f
	done
	printf '%s\n' "$rp_line"
}

# rp_read FILE: its first line in rp_v, "!" when it cannot be read (EIO from
# an unconnected sensor, mode 0400 for a non-root user).  The read builtin
# forks nothing, so hundreds of sysfs files stay cheap.
rp_read() {
	rp_v=
	{ IFS= read -r rp_v <"$1"; } 2>/dev/null || [ -n "$rp_v" ] || rp_v='!'
}

# Every external command runs under a time limit, so a wedged GPU cannot
# hang the probe; timeout(1) signals the command's whole process group.
rp_run() {
	timeout -k 2 "$RIG_T" "$@"
}

# The rest of the probe's time, for the queries that come after the
# readings (the GPUs' limits and health): the whole probe is bounded by
# RIG_T + 2 s on the rig and by the client, and an answer cut before its
# end marker loses everything, so these may only use what is left (less
# 3 s: the kill's grace, the end marker, date's whole seconds).  124, as
# timeout says, when nothing is left.
rp_run_rest() {
	if [ "${rp_t0:-0}" -gt 0 ] && [ "$RIG_T" -ge 2 ] &&
		rp_now=$(date +%s 2>/dev/null); then
		rp_left=$((rp_t0 + RIG_T + 2 - rp_now - 3))
		[ "$rp_left" -ge 1 ] || return 124
		[ "$rp_left" -le "$RIG_T" ] || rp_left=$RIG_T
		timeout -k 1 "$rp_left" "$@"
	else
		rp_run "$@"
	fi
}

rp_first_line() {
	printf '%s' "${1%%"$rp_nl"*}"
}

# hwmon: one record per attribute file; the library keys sensors by chip
# name and label because hwmonN numbers change between boots.
rp_hwmon() {
	for rp_d in "$RIG_ROOT"/sys/class/hwmon/hwmon*; do
		[ -d "$rp_d" ] || continue
		rp_read "$rp_d/name"
		rp_chip=$rp_v
		for rp_file in "$rp_d"/temp*_* "$rp_d"/fan*_* "$rp_d"/in*_* \
			"$rp_d"/curr*_* "$rp_d"/power*_*; do
			[ -f "$rp_file" ] || continue
			rp_a=${rp_file##*/}
			case $rp_a in
			*_input | *_average | *_label | *_min | *_max | *_lcrit | *_crit) ;;
			*) continue ;;
			esac
			rp_read "$rp_file"
			rp_rec hw "${rp_d##*/}" "$rp_chip" "$rp_a" "$rp_v"
		done
	done
}

# GPUs: one nvidia-smi query.  Newer drivers renamed clocks_throttle_reasons
# to clocks_event_reasons, and one unknown field fails the whole query, so
# try the new name, then the old one.  name goes last: it may hold ", ".
rp_gpus() {
	if ! command -v nvidia-smi >/dev/null 2>&1; then
		rp_rec gpu-none "nvidia-smi not found"
		return
	fi
	rp_a="index,pci.bus_id,uuid,temperature.gpu,fan.speed,power.draw"
	rp_a="$rp_a,power.limit,utilization.gpu,memory.used,memory.total"
	rp_a="$rp_a,ecc.errors.corrected.volatile.total"
	rp_a="$rp_a,ecc.errors.uncorrected.volatile.total"
	rp_z="pcie.link.gen.current,pcie.link.gen.max,pcie.link.width.current"
	rp_z="$rp_z,pcie.link.width.max,name"
	rp_query_gpu rp_run "$rp_a,clocks_event_reasons.active,$rp_z" \
		"$rp_a,clocks_throttle_reasons.active,$rp_z"
	if [ "$rp_rc" -ne 0 ]; then
		rp_gpus_partial && rp_gpu_limits
		return
	fi
	rp_rec gpu-fields "$rp_q"
	rp_recs gpu
	rp_gpu_limits
	rp_gpu_health
}

# nvidia-smi --query-gpu with the first of the field lists given ($2...)
# this driver knows (one unknown field fails a whole query), run through
# $1 (rp_run, or rp_run_rest after the readings).  Sets rp_q (the list
# asked last), rp_out and rp_rc.
rp_query_gpu() {
	rp_runner=$1
	shift
	rp_rc=0
	for rp_q in "$@"; do
		rp_out=$($rp_runner nvidia-smi --query-gpu="$rp_q" \
			--format=csv,noheader,nounits 2>&1)
		rp_rc=$?
		case $rp_out in
		*'is not a valid field to query'*) continue ;;
		esac
		break
	done
}

# One record $1 per line of rp_out that is not empty.
rp_recs() {
	printf '%s\n' "$rp_out" | while IFS= read -r rp_l; do
		[ -z "$rp_l" ] || rp_rec "$1" "$rp_l"
	done
}

# What the driver says of each GPU's health, where it knows: the recovery
# action it asks for (drivers from 565 on; "None" when healthy), the pages
# retired for ECC errors (and whether one waits for a reboot), and the
# rows remapped (Ampere and later data-center and workstation GPUs).  In
# calls of their own, within the probe's time left (rp_run_rest): an older
# driver refuses gpu_recovery_action (then the query is asked again
# without it), a GPU without the feature prints N/A, and a failure or a
# slow driver costs nothing above.  Not asked while a GPU is lost: they
# would fail as the readings did (exit 15), after as long.  Records: the
# field list, then the lines as printed.
rp_gpu_health() {
	rp_z="retired_pages.single_bit_ecc.count,retired_pages.double_bit.count"
	rp_z="$rp_z,retired_pages.pending"
	rp_query_gpu rp_run_rest "index,pci.bus_id,gpu_recovery_action,$rp_z" \
		"index,pci.bus_id,$rp_z"
	if [ "$rp_rc" -eq 0 ]; then
		rp_rec gpu-health-fields "$rp_q"
		rp_recs gpu-health
	fi
	rp_q=gpu_bus_id,gpu_uuid,remapped_rows.correctable
	rp_q="$rp_q,remapped_rows.uncorrectable,remapped_rows.pending"
	rp_q="$rp_q,remapped_rows.failure"
	rp_out=$(rp_run_rest nvidia-smi --query-remapped-rows="$rp_q" \
		--format=csv,noheader,nounits 2>/dev/null) || return 0
	rp_rec gpu-remap-fields "$rp_q"
	rp_recs gpu-remap
}

# nvidia-smi exited non-zero.  With one GPU lost it still prints the
# healthy GPUs' rows and, for the lost one, "Unable to determine the device
# handle for GPU BUS: WHY" (exit 15).  Keep the rows (a row starts with its
# index), report each such line as gpu-lost BUS LINE, and the exit status
# as gpu-error with the first other line, unless the lost lines explain it.
# Status 0 when rows were kept (their limits are worth a query).
rp_gpus_partial() {
	rp_rows=
	rp_lost=
	rp_other=
	while IFS= read -r rp_l; do
		case $rp_l in
		'') ;;
		[0-9]*', '*) rp_rows=$rp_rows$rp_l$rp_nl ;;
		*'Unable to determine the device handle for GPU'*)
			rp_lost=$rp_lost$rp_l$rp_nl ;;
		*) [ -n "$rp_other" ] || rp_other=$rp_l ;;
		esac
	done <<EOF
$rp_out
EOF
	if [ -z "$rp_lost" ] || [ -n "$rp_other" ]; then
		rp_rec gpu-error "$rp_rc" "$rp_other"
	fi
	while [ -n "$rp_lost" ]; do
		rp_l=${rp_lost%%"$rp_nl"*}
		rp_lost=${rp_lost#*"$rp_nl"}
		# "...for GPU 0000:0B:00.0: GPU is lost." (older drivers
		# print no space before the bus id)
		rp_bus=${rp_l#*device handle for GPU}
		rp_bus=${rp_bus# }
		rp_rec gpu-lost "${rp_bus%%: *}" "$rp_l"
	done
	[ -n "$rp_rows" ] || return 1
	rp_rec gpu-fields "$rp_q"
	while [ -n "$rp_rows" ]; do
		rp_rec gpu "${rp_rows%%"$rp_nl"*}"
		rp_rows=${rp_rows#*"$rp_nl"}
	done
}

# The GPUs' own temperature limits.  No --query-gpu field holds them
# (temperature.gpu.tlimit is the headroom to the limit, not the limit), so
# read the "GPU 0000..." sections of -q -d TEMPERATURE; in a query of its
# own, so a driver without them never costs the readings above.  One
# record per limit: bus id, which, value as printed ("95 C", "N/A").
# Only the absolute lines: "GPU Shutdown T.Limit Temp : -7 C" and its kin
# (newer drivers, in their place) are points on NVIDIA's T.Limit scale, not
# temperatures, and no documented sum turns them into limits for
# temperature.gpu (docs/commands.md, GPU temperature limits).  The patterns
# below do not match them; keep it so.
rp_gpu_limits() {
	rp_out=$(rp_run_rest nvidia-smi -q -d TEMPERATURE 2>/dev/null) || return 0
	printf '%s\n' "$rp_out" | {
		rp_bus=
		while IFS= read -r rp_l; do
			case $rp_l in
			*'GPU Shutdown Temp'*:*) rp_k=shutdown ;;
			*'GPU Slowdown Temp'*:*) rp_k=slowdown ;;
			*'GPU Max Operating Temp'*:*) rp_k=max-operating ;;
			'GPU '*) rp_bus=${rp_l#GPU }; continue ;;
			*) continue ;;
			esac
			[ -z "$rp_bus" ] || rp_rec gpu-tlimit "$rp_bus" "$rp_k" "${rp_l#*: }"
		done
	}
}

# EDAC: counters per memory controller and per DIMM (rank, or csrow on old
# drivers).  No mc directory means no ECC reporting: "not available".
rp_edac() {
	set -- "$RIG_ROOT"/sys/devices/system/edac/mc/mc[0-9]*
	if [ ! -d "$1" ]; then
		rp_rec edac-none
		return
	fi
	for rp_mc in "$@"; do
		rp_m=${rp_mc##*/}
		rp_read "$rp_mc/mc_name"
		rp_name=$rp_v
		rp_read "$rp_mc/ce_count"
		rp_ce=$rp_v
		rp_read "$rp_mc/ue_count"
		rp_ue=$rp_v
		rp_read "$rp_mc/ce_noinfo_count"
		rp_cen=$rp_v
		rp_read "$rp_mc/ue_noinfo_count"
		rp_rec edac-mc "$rp_m" "$rp_name" "$rp_ce" "$rp_ue" "$rp_cen" "$rp_v"
		for rp_dimm in "$rp_mc"/dimm[0-9]* "$rp_mc"/rank[0-9]*; do
			[ -d "$rp_dimm" ] || continue
			rp_read "$rp_dimm/dimm_label"
			rp_label=$rp_v
			rp_read "$rp_dimm/dimm_ce_count"
			rp_ce=$rp_v
			rp_read "$rp_dimm/dimm_ue_count"
			rp_rec edac-dimm "$rp_m" "${rp_dimm##*/}" "$rp_label" "$rp_ce" "$rp_v"
		done
		for rp_dimm in "$rp_mc"/csrow[0-9]*; do
			[ -d "$rp_dimm" ] || continue
			rp_read "$rp_dimm/ch0_dimm_label"
			rp_label=$rp_v
			rp_read "$rp_dimm/ce_count"
			rp_ce=$rp_v
			rp_read "$rp_dimm/ue_count"
			rp_rec edac-dimm "$rp_m" "${rp_dimm##*/}" "$rp_label" "$rp_ce" "$rp_v"
		done
	done
}

# The kernel log lines that matter (docs/ssh-probe.md lists them): GPU
# Xids and NVRM failures, machine checks and APEI records, EDAC, memory
# failures, PCIe AER and narrow links, CPU thermal throttling.  awk filters,
# because a shell read loop reads a pipe a byte at a time.  The command's
# status arrives as a last "rp-rc N" line.
RP_KPAT='NVRM: Xid|NVRM: .*fallen off the bus|RmInitAdapter failed|rm_init_adapter failed|mce: |\\[Hardware Error\\]|Machine [Cc]heck|EDAC |Memory failure: |AER: |PCIe Bus Error|error status/mask|Error of this Agent|:    \\[ ?[0-9]+\\] |limited by .* link at|temperature above threshold'

rp_journal() {
	set -- -k -o json --no-pager -q
	[ -z "$RIG_SINCE" ] || set -- "$@" "--after-cursor=$RIG_SINCE"
	{
		rp_run journalctl "$@" 2>&1
		echo "rp-rc $?"
	} | awk -v tab="$rp_tab" -v pat="$RP_KPAT" '
		/^\{/ { last = $0; if ($0 ~ pat) print "kj" tab $0; next }
		/^rp-rc / { rc = $2; next }
		err == "" { err = $0 }
		END {
			if (last != "") print "kj-last" tab last
			if (rc != 0) {
				print "k-fail" tab "journal" tab rc tab err
				exit 1
			}
		}'
}

rp_dmesg() {
	rp_read "$RIG_ROOT/proc/sys/kernel/random/boot_id"
	rp_boot=$rp_v
	rp_btime=$(awk '$1 == "btime" { print $2 }' "$RIG_ROOT/proc/stat" 2>/dev/null)
	rp_rec kd-boot "$rp_boot" "${rp_btime:-!}"
	{
		rp_run dmesg 2>&1
		echo "rp-rc $?"
	} | awk -v tab="$rp_tab" -v pat="$RP_KPAT" '
		# A message of several lines continues on indented lines: one
		# record, joined by spaces.
		/^\[ *[0-9]+\.[0-9]+\]/ {
			if (cur ~ pat) print "kd" tab cur
			cur = $0; last = $0; next
		}
		/^[ \t]/ && cur != "" { sub(/^[ \t]+/, " "); cur = cur $0; next }
		/^rp-rc / { rc = $2; next }
		err == "" { err = $0 }
		END {
			if (cur ~ pat) print "kd" tab cur
			if (last != "") print "kd-last" tab last
			if (rc != 0) print "k-fail" tab "dmesg" tab rc tab err
		}'
}

rp_kernel() {
	if [ "$RIG_SINCE_KIND" != d ] && command -v journalctl >/dev/null 2>&1; then
		rp_journal && return
	fi
	if command -v dmesg >/dev/null 2>&1; then
		rp_dmesg
	else
		rp_rec k-fail dmesg 127 "dmesg not found"
	fi
}

# Who the rig is: host name, kernel, distribution, NVIDIA driver and GPUs.
# A GPU problem is reported (gpu-none, gpu-error) and the rest still
# answers: the host's identity does not depend on its driver.
rp_info() {
	rp_rec host "$(uname -n 2>/dev/null || echo '!')"
	rp_rec kernel "$(uname -r 2>/dev/null || echo '!')"
	rp_v='!'
	if [ -r "$RIG_ROOT/etc/os-release" ]; then
		while IFS= read -r rp_l; do
			case $rp_l in
			PRETTY_NAME=*)
				rp_v=${rp_l#PRETTY_NAME=}
				rp_v=${rp_v#\"}
				rp_v=${rp_v%\"}
				;;
			esac
		done <"$RIG_ROOT/etc/os-release"
	fi
	rp_rec os "$rp_v"
	if ! command -v nvidia-smi >/dev/null 2>&1; then
		rp_rec gpu-none "nvidia-smi not found"
		return
	fi
	rp_q=index,pci.bus_id,uuid,driver_version,name
	rp_out=$(rp_run nvidia-smi --query-gpu="$rp_q" \
		--format=csv,noheader,nounits 2>&1)
	rp_rc=$?
	if [ "$rp_rc" -ne 0 ]; then
		rp_rec gpu-error "$rp_rc" "$(rp_first_line "$rp_out")"
		return
	fi
	# The same records as the sensors probe's GPU list, with identity
	# fields only: the parser shares their checks.
	rp_rec gpu-fields "$rp_q"
	printf '%s\n' "$rp_out" | while IFS= read -r rp_i; do
		[ -z "$rp_i" ] || rp_rec gpu "$rp_i"
	done
}


# poweroff / reboot through systemd.  action-start first: the rig may go
# down before the command's answer gets out.
rp_action() {
	rp_rec action-start "$1"
	rp_out=$(rp_run systemctl "$1" 2>&1)
	rp_rc=$?
	rp_rec action "$rp_rc" "$(rp_first_line "$rp_out")"
}

rp_main() {
	rp_t0=$(date +%s 2>/dev/null) || rp_t0=0
	printf 'rigprobe\t1\t%s\n' "$RIG_WHAT"
	case $RIG_WHAT in
	sensors)
		rp_hwmon
		rp_gpus
		;;
	events) rp_kernel ;;
	ecc) rp_edac ;;
	info) rp_info ;;
	poweroff | reboot) rp_action "$RIG_WHAT" ;;
	*) rp_rec error "unknown request '$RIG_WHAT'" ;;
	esac
	printf 'rigprobe-end\t1\n'
}

# Called with stdin from /dev/null: the rest of stdin is this script, and a
# child that reads stdin would eat it.
rp_main </dev/null
