#!/bin/bash
# rigctl exporter --metrics ipmi_exporter against Debian's
# prometheus-ipmi-exporter on the same simulated ROMED8-2T (33 sensors,
# tests/sim/romed8.emu, DCMI from tests/sim/dcmi.c): the same families,
# label sets and values for temperature, fan, voltage, sensor state,
# chassis power, SEL count and DCMI power (ipmi_exporter at privilege
# admin: the simulator allows DCMI to admins only), before and after a
# fan falls below its threshold.  Also: --metrics both and &metrics=.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/exporter.sh"
need_cmd ipmi_sim ipmitool curl promtool
IE=$(command -v prometheus-ipmi-exporter || echo /usr/bin/prometheus-ipmi-exporter)
[ -x "$IE" ] || skip_test "prometheus-ipmi-exporter not installed"
[ -x /usr/sbin/ipmimonitoring ] || skip_test "FreeIPMI's tools (freeipmi-tools) not installed"
MOD=$top_builddir/tests/sim/rigmod.so
[ -f "$MOD" ] || { echo "tests/sim/rigmod.so not built" >&2; exit 99; }

export SIM_EMU=$top_srcdir/tests/sim/romed8.emu
export SIM_LOADLIB="\"$MOD\" \"oracle=$T/oracle state=@STATEDIR@\""
start_sim
echo 312 >"$SIM_STATE/dcmi-watts"
# A few SEL records, so the count is not 0 (a memory event, a fan event).
sel_add 0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x64 0x6f 0xa0 0x00 0x02
sel_add 0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x04 0x22 0x01 0x52 0x00 0x00

pw=$T/pw
printf 'adminpw' >"$pw"
chmod 600 "$pw"
printf '[romed8]\nbmc = %s\nbmc_user = admin\nbmc_password_file = %s\nbmc_workarounds = opensesspriv\n' \
	"$SIM_HOST" "$pw" >"$T/rigs.conf"
# The board's fan headers too (tests/sim/fans.c in the same module).
printf 'bmc_fan_profile = asrock-ast2500\n' >>"$T/rigs.conf"
mkdir -p "$T/cache"
EXPORTER_ENV="XDG_CACHE_HOME=$T/cache"
exporter_start "$T/rigs.conf" --metrics ipmi_exporter || { fail "exporter start"; finish; }

# ipmi_exporter as its users run it: a module with the credentials.
cat >"$T/ipmi.yml" <<EOF
modules:
  default:
    user: admin
    pass: adminpw
    driver: LAN_2_0
    privilege: admin
    timeout: 5000
    collectors: [bmc, ipmi, chassis, dcmi, sel]
    workaround_flags: [opensesspriv]
EOF
IE_PORT=$(sim_freeport tcp)
"$IE" --config.file="$T/ipmi.yml" --web.listen-address="127.0.0.1:$IE_PORT" \
	>"$T/ie.log" 2>&1 &
IE_PID=$!
at_exit 'kill $IE_PID 2>/dev/null; wait $IE_PID 2>/dev/null'
wait_until 10 curl -fsS -o /dev/null "http://127.0.0.1:$IE_PORT/metrics" ||
	{ cat "$T/ie.log" >&2; fail "ipmi_exporter does not start"; finish; }

# Samples without the scrape duration (a time, not a reading), sorted.
samples() { grep -v '^#' | grep -v '^ipmi_scrape_duration_seconds' | sort; }
families() { grep -v '^#' | sed 's/[{ ].*//' | sort -u; }
labelsets() { grep -v '^#' | grep -v '^ipmi_scrape_duration_seconds' | sed 's/ [^ ]*$//' | sort; }

# promtool's lint dislikes "_count" outside histograms, but
# ipmi_sel_logs_count is ipmi_exporter's name, kept as it is.
promtool_ok() { # WHAT TEXT
	printf '%s\n' "$2" | promtool check metrics >"$T/why" 2>&1
	if grep -v 'ipmi_sel_logs_count non-histogram' "$T/why" | grep -q .; then
		fail "$1: promtool: $(cat "$T/why")"
	else
		check_eq "$1: promtool accepts it" 0 0
	fi
}

compare() { # WHEN
	local ie ours
	ie=$(curl -fsS "http://127.0.0.1:$IE_PORT/ipmi?target=$SIM_HOST") ||
		{ fail "$1: ipmi_exporter did not answer"; return; }
	exporter_get "/ipmi?target=$SIM_HOST&module=default"
	ours=$BODY
	check_eq "$1: HTTP 200" 200 "$HTTP_CODE"
	printf '%s\n' "$ie" >"$T/ie.$2"
	printf '%s\n' "$ours" >"$T/ours.$2"
	check_eq "$1: ipmi_exporter read everything" \
		'ipmi_up{collector="bmc"} 1 ipmi_up{collector="chassis"} 1 ipmi_up{collector="dcmi"} 1 ipmi_up{collector="ipmi"} 1 ipmi_up{collector="sel"} 1' \
		"$(grep '^ipmi_up' <<<"$ie" | sort | tr '\n' ' ' | sed 's/ $//')"
	check_eq "$1: the same families" "" \
		"$(diff <(families <<<"$ie") <(families <<<"$ours"))"
	check_eq "$1: the same label sets" "" \
		"$(diff <(labelsets <<<"$ie") <(labelsets <<<"$ours"))"
	check_eq "$1: the same values" "" \
		"$(diff <(samples <<<"$ie") <(samples <<<"$ours"))"
	check_eq "$1: 33 sensors' states" 33 "$(grep -c '_state{' <<<"$ours")"
	promtool_ok "$1" "$ours"
}
compare "idle board" 1
for fam in ipmi_temperature_celsius ipmi_fan_speed_rpm ipmi_voltage_volts ipmi_sensor_state \
	ipmi_chassis_power_state ipmi_sel_logs_count ipmi_dcmi_power_consumption_watts ipmi_bmc_info; do
	grep -q "^$fam" "$T/ours.1" && check_eq "family $fam present" 0 0 || fail "no $fam"
done
check_has "SEL count" "$(cat "$T/ours.1")" "ipmi_sel_logs_count 2"
check_has "DCMI reading" "$(cat "$T/ours.1")" "ipmi_dcmi_power_consumption_watts 312"

# FAN3 to 200 RPM (at its lower non-recoverable), the DCMI reading
# changes: both exporters follow.
sim_cmd "sensor_set_value 0x20 0 0x22 2 1" >/dev/null || fail "sim_cmd"
echo 287 >"$SIM_STATE/dcmi-watts"
compare "FAN3 low" 2
check_has "FAN3 critical" "$(cat "$T/ours.2")" 'ipmi_fan_speed_state{id="11",name="FAN3"} 2'
check_has "the new DCMI reading" "$(cat "$T/ours.2")" "ipmi_dcmi_power_consumption_watts 287"

# The metric sets: per scrape, and both.
exporter_get "/probe?target=romed8&metrics=rigctl"
check_eq "&metrics=rigctl: no ipmi_ family" "" "$(grep '^ipmi_' <<<"$BODY")"
check_has "&metrics=rigctl: rigctl's" "$BODY" 'rigctl_up{rig="romed8"} 1'
check_has "rigctl's DCMI family" "$BODY" 'rigctl_power_draw_watts{rig="romed8",source="dcmi"} 287'
check_has "rigctl's fan headers (fan profile)" "$BODY" 'rigctl_fan_mode{rig="romed8",header="FAN7"} 0'
check_match "... with their duty" 'rigctl_fan_duty_ratio\{rig="romed8",header="FAN1"\} 0\.[0-9]+' "$BODY"
exporter_get "/probe?target=romed8&metrics=both"
check_has "&metrics=both: rigctl's" "$BODY" 'rigctl_up{rig="romed8"} 1'
check_has "&metrics=both: ipmi_exporter's" "$BODY" 'ipmi_up{collector="ipmi"} 1'
promtool_ok "both" "$BODY"
finish
