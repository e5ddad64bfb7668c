#!/bin/bash
# The exporter's status page in a real browser (headless Chromium): a
# running exporter over simulated rigs (tests/helpers/fleet.sh: a BMC with a
# critical sensor, a BMC powered off, an sshd rig with four GPUs and a smart
# plug, one with ECC errors, a BMC that does not answer) and one rig never
# scraped.  After one /probe scrape of
# each, the rendered DOM of / shows every rig's row with its power state and
# worst sensor state as the simulators set them, the dead rig's error and
# the spare rig as never scraped; each /rig/NAME shows its sensors with bars
# and threshold ticks; at 390x844 nothing scrolls sideways; a screenshot is
# not blank; the pages ask for nothing but themselves, from nowhere else.
#
# STATUS_PAGE_PNG=FILE also saves a screenshot of / (STATUS_PAGE_SIZE, default
# 1280x560) for the README: docs/status-page.png is made this way (see
# docs/exporter.md).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/exporter.sh"
. "$top_srcdir/tests/helpers/fleet.sh"
need_cmd chromium python3 curl jq
browser() { python3 "$top_srcdir/tests/helpers/browser.py" "$@"; }

# The spare rig is in the inventory but never scraped (nothing listens at
# its address, and nothing asks).
fleet_start "[spare]
ssh = nobody@127.0.0.1:1"

for r in "${FLEET_RIGS[@]}"; do
	fleet_scrape "$r" > "$T/probe-$r.txt"
	check_eq "/probe?target=$r answers" 200 "$HTTP_CODE"
done
check_has "the dead rig's scrape says so" "$(cat "$T/probe-dead.txt")" \
	'rigctl_up{rig="dead"} 0'

# ------------------------------------------------------------ the fleet
browser dom "$EXPORTER_URL/" > "$T/index.json" ||
	{ fail "chromium --dump-dom of /"; finish; }
row() { # NAME JQ: of the row of rig NAME
	jq -r --arg r "$1" ".rows[] | select(.rig == \$r) | $2" "$T/index.json"
}
check_eq "every rig has a row, in inventory order" "hot cold gpu ecc dead spare" \
	"$(jq -r '[.rows[].rig] | join(" ")' "$T/index.json")"
# NAME POWER WORST UP: as the simulators set them.
expect_row() {
	check_eq "$1: data-power" "$2" "$(row "$1" .power)"
	check_eq "$1: Power cell says it" "$2" "$(row "$1" '.cells.Power')"
	check_eq "$1: data-worst" "$3" "$(row "$1" .worst)"
	check_match "$1: Sensors cell says it" "^$3( |\$)" "$(row "$1" '.cells.Sensors')"
	check_eq "$1: data-up" "$4" "$(row "$1" .up)"
}
expect_row hot on critical 1
expect_row cold off ok 1
expect_row gpu on warning 1
expect_row ecc on warning 1
expect_row dead unknown unknown 0
expect_row spare unknown unknown -1
check_match "hot: the critical sensor counted" "1 critical" "$(row hot '.cells.Sensors')"
check_eq "gpu: the hottest GPU is the fixture's hottest" \
	"$FLEET_HOTTEST_GPU °C" "$(row gpu '.cells["Hottest GPU"]')"
check_match "hot: up, when" "^up [0-9]+ s ago|^up just now" "$(row hot '.cells["Last scrape"]')"
check_match "dead: down, with the error" "^down .*opening a session: BMC 127\.0\.0\.1:[0-9]+ silent" \
	"$(row dead '.cells["Last scrape"]')"
check_eq "dead: its path down" "bmc down" "$(row dead '.cells.Paths')"
check_eq "spare: never scraped" "never scraped" "$(row spare '.cells["Last scrape"]')"
check_eq "gpu: its paths" "ssh up plug up" "$(row gpu '.cells.Paths')"
check_eq "gpu: the plug's relay and meter" "relay on $FLEET_PLUG_W W (plug)" \
	"$(row gpu '.cells["Plug, wall"]')"
check_eq "ecc: the EDAC counts" "0 uncorrected 5 corrected" "$(row ecc .cells.ECC)"
check_eq "hot: no ECC errors" "none" "$(row hot .cells.ECC)"
check_eq "hot: the SEL's events by severity" "1 critical 1 warning" \
	"$(row hot '.cells["New events"]')"
check_eq "links: the rig pages and nothing else" \
	"data:, rig/hot rig/cold rig/gpu rig/ecc rig/dead rig/spare" \
	"$(jq -r '.links | join(" ")' "$T/index.json")"

# ------------------------------------------------------------ one rig
sensor() { # FILE NAME JQ
	jq -r --arg n "$2" ".sensors[] | select(.name == \$n) | $3" "$1"
}
browser dom "$EXPORTER_URL/rig/hot" > "$T/hot.json" || fail "dom of /rig/hot"
check_eq "/rig/hot: power and worst" "on critical" \
	"$(jq -r '"\(.main.power) \(.main.worst)"' "$T/hot.json")"
check_eq "/rig/hot: CPU Temp critical at 96 C" "critical|96 °C" \
	"$(sensor "$T/hot.json" "CPU Temp" '"\(.state)|\(.cells.Reading)"')"
check_eq "/rig/hot: CPU Temp's bar with its three upper thresholds" "1 unc,ucr,unr" \
	"$(sensor "$T/hot.json" "CPU Temp" '"\(.bars) \(.ticks | join(","))"')"
check_eq "/rig/hot: a bar for every sensor with thresholds" \
	"$(jq '[.sensors[] | select(.cells.Range != "")] | length' "$T/hot.json")" \
	"$(jq '[.sensors[] | select(.bars == 1 and (.ticks | length) > 0)] | length' "$T/hot.json")"
check_match "/rig/hot: some sensors" "^[1-9]" "$(jq '.sensors | length' "$T/hot.json")"
browser dom "$EXPORTER_URL/rig/gpu" > "$T/gpu.json" || fail "dom of /rig/gpu"
check_eq "/rig/gpu: four GPU temperatures, as gpus.csv" \
	"$(awk -F', ' '{ print $4 " °C" }' "$top_srcdir/tests/fixtures/rig-riser/gpus.csv" | paste -sd,)" \
	"$(jq -r '[.sensors[] | select(.name | test("^GPU[0-9] Temperature$")) | .cells.Reading] | join(",")' "$T/gpu.json")"
check_eq "/rig/gpu: GPU temperatures have bars against their limits" "4" \
	"$(jq '[.sensors[] | select((.name | test("^GPU[0-9] Temperature$")) and .bars == 1 and (.ticks | index("ucr")))] | length' "$T/gpu.json")"
check_eq "/rig/gpu: power and worst" "on warning" \
	"$(jq -r '"\(.main.power) \(.main.worst)"' "$T/gpu.json")"
exporter_get /rig/nope >/dev/null
check_eq "an unknown rig: 404" 404 "$HTTP_CODE"

# ------------------------------------------------------------ a phone
pages=("$EXPORTER_URL/")
for r in "${FLEET_RIGS[@]}" spare; do pages+=("$EXPORTER_URL/rig/$r"); done
pages+=("$EXPORTER_URL/rig/nope")
browser inspect --width 390 --height 844 "${pages[@]}" > "$T/phone.jsonl" ||
	fail "DevTools run at 390x844"
check_eq "every page measured" "${#pages[@]}" "$(wc -l < "$T/phone.jsonl")"
while IFS= read -r line; do
	u=$(jq -r .url <<<"$line")
	check_eq "${u#"$EXPORTER_URL"} at 390 px: innerWidth" 390 "$(jq .innerWidth <<<"$line")"
	check_eq "${u#"$EXPORTER_URL"} at 390 px: no sideways scrolling (scrollWidth <= innerWidth)" \
		true "$(jq '.scrollWidth <= .innerWidth' <<<"$line")"
	check_eq "${u#"$EXPORTER_URL"} at 390 px: no box scrolls sideways on its own" \
		"" "$(jq -r '.overflowing | join(" ")' <<<"$line")"
	check_eq "${u#"$EXPORTER_URL"}: asks for itself alone" "$u" \
		"$(jq -r '.requests | join(" ")' <<<"$line")"
	check_eq "${u#"$EXPORTER_URL"}: a Content-Security-Policy that forbids other origins" \
		true "$(jq '.csp != null and (.csp | test("default-src .none."))' <<<"$line")"
done < "$T/phone.jsonl"
# As a phone renders it (viewport meta honoured, zoomed out to fit the
# content if it were wider): the layout still fits 390 px.
browser inspect --mobile --width 390 --height 844 "$EXPORTER_URL/" \
	"$EXPORTER_URL/rig/gpu" > "$T/mobile.jsonl" || fail "DevTools run, mobile"
check_eq "mobile emulation: / and /rig/gpu fit 390 px" "390 390 390 390" \
	"$(jq -r '"\(.innerWidth) \(.scrollWidth)"' "$T/mobile.jsonl" | tr '\n' ' ' | sed 's/ $//')"

# ------------------------------------------------------------ a screenshot
(cd "$T" && chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--user-data-dir="$T/chromium" --window-size=390,844 \
	--screenshot="$T/phone.png" "$EXPORTER_URL/" >/dev/null 2>&1)
if [ -s "$T/phone.png" ]; then
	png=$(browser png "$T/phone.png")
	check_eq "screenshot: 390x844" "390 844" "$(jq -r '"\(.width) \(.height)"' <<<"$png")"
	check_eq "screenshot: not blank (many colours, a tenth of the pixels not background)" \
		true "$(jq '.colours > 50 and .non_background > 0.1' <<<"$png")"
else
	fail "chromium --screenshot wrote nothing"
fi
if [ -n "${STATUS_PAGE_PNG:-}" ]; then
	size=${STATUS_PAGE_SIZE:-1280x560}
	browser inspect --width "${size%x*}" --height "${size#*x}" \
		--screenshot "$STATUS_PAGE_PNG" "$EXPORTER_URL/" >/dev/null &&
		echo "saved $STATUS_PAGE_PNG ($size)"
fi
finish
