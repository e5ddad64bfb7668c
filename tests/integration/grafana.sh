#!/bin/bash
# Every expression of the Grafana dashboard (examples/grafana/rigctl-fleet.json)
# against a real Prometheus that scraped the exporter over the simulated rigs
# of tests/helpers/fleet.sh, through /probe with relabelling as the docs
# show it.  $rig becomes each rig's name in turn and then all of them as a
# multi-value selection does ("(a|b|...)"); $__rate_interval and $__interval
# become 1m.  Each panel target must return exactly the series expected
# below (labels and values): GPU figures from the fake nvidia-smi's
# gpus.csv, power states and the critical sensor as the simulators were set,
# the plug emulator's meter, the EDAC fixture's error count, and the rest as
# the exporter's own /probe exposition has them.  A target without an
# expectation here fails the test: a new panel needs a new expectation.
# The rig variable's query must list every rig.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/exporter.sh"
. "$top_srcdir/tests/helpers/fleet.sh"
need_cmd prometheus python3 curl jq
DASH=$top_srcdir/examples/grafana/rigctl-fleet.json

check_eq "the dashboard is JSON" 0 "$(jq empty "$DASH" >/dev/null 2>&1; echo $?)"
check_match "Grafana 10's schema" '^3[6-9]$' "$(jq .schemaVersion "$DASH")"
check_eq "a rig variable over rigctl_up" "label_values(rigctl_up, rig)" \
	"$(jq -r '.templating.list[] | select(.name == "rig") | .query.query' "$DASH")"

fleet_start
# The oracle for what is not set by hand: what the exporter itself answers.
mkdir -p "$T/probe"
for r in "${FLEET_RIGS[@]}"; do
	fleet_scrape "$r" > "$T/probe/$r.prom"
	check_eq "/probe?target=$r" 200 "$HTTP_CODE"
done

# Scrape interval long enough for the dead rig's BMC timeout (1.5 s).
PROM_INTERVAL=3s prom_start "  - job_name: rigctl
    metrics_path: /probe
    static_configs:
      - targets: [$(IFS=,; echo "${FLEET_RIGS[*]}")]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: @EXPORTER@" ||
	{ echo "could not start prometheus" >&2; exit 99; }
# Three scrapes of every rig: rates and increases over 1m need two.
prom_wait_series "count(count_over_time(rigctl_up[1m]) >= 3) == ${#FLEET_RIGS[@]}" 90 \
	>/dev/null || fail "Prometheus did not scrape every rig three times in 90 s"

python3 - "$PROM_URL" "$DASH" "$T/probe" \
	"$top_srcdir/tests/fixtures/rig-riser/gpus.csv" "$FLEET_PLUG_W" \
	"${FLEET_RIGS[@]}" > "$T/panels.log" 2>&1 <<'PY'
import json
import math
import re
import sys
import urllib.parse
import urllib.request

prom, dash_path, probe_dir, gpus_csv, plug_w = sys.argv[1:6]
RIGS = sys.argv[6:]
plug_w = float(plug_w)
failures = 0


def ok(msg):
    print("ok: " + msg)


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


# ---------------------------------------------------------------- oracles
LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
samples = []  # (family, labels, value) of every rig's /probe answer
for rig in RIGS:
    with open("%s/%s.prom" % (probe_dir, rig)) as f:
        for line in f:
            m = LINE.match(line.strip())
            if m:
                labels = {k: v.replace('\\"', '"').replace("\\\\", "\\")
                          for k, v in LABEL.findall(m.group(2) or "")}
                samples.append((m.group(1), labels, float(m.group(3))))


def expo(family, rig=None, keep=None, agg=None, pred=None):
    """Series of family in the expositions, like PromQL would give them:
    labels as they are, or only keep with agg(values) per group."""
    out = {}
    for fam, labels, v in samples:
        if fam != family or (rig is not None and labels.get("rig") != rig):
            continue
        if pred is not None and not pred(v):
            continue
        key = labels if keep is None else {k: labels[k] for k in keep}
        out.setdefault(json.dumps(key, sort_keys=True), []).append(v)
    return [(json.loads(k), (agg or (lambda x: x[0]))(vs))
            for k, vs in out.items()]


# The fake nvidia-smi prints gpus.csv (tests/fake-bin/nvidia-smi): index,
# bus id, uuid, temperature, fan %, power draw, power limit, utilization %,
# ..., name last.
GPUS = []
with open(gpus_csv) as f:
    for line in f:
        c = [x.strip() for x in line.split(",")]
        num = lambda s: None if s.startswith("[") else float(s)
        GPUS.append({"gpu": c[0], "bus_id": c[1], "name": c[-1],
                     "temp": num(c[3]), "fan": num(c[4]),
                     "power": num(c[5]), "util": num(c[7])})
HOTTEST = max(g["temp"] for g in GPUS)
GPU_RIGS = ["gpu", "ecc"]  # both read the sshd's fake nvidia-smi


def gpu_series(rig, field, scale=1.0):
    if rig not in GPU_RIGS:
        return []
    return [({"rig": rig, "gpu": g["gpu"], "bus_id": g["bus_id"],
              "name": g["name"]}, g[field] / scale)
            for g in GPUS if g[field] is not None]


# As the simulators and fixtures were set (tests/helpers/fleet.sh).
UP = {"hot": 1, "cold": 1, "gpu": 1, "ecc": 1, "dead": 0}
POWER = {"hot": 1, "cold": 0, "gpu": 1, "ecc": 1}
WORST = {"hot": 2, "cold": 0, "gpu": 1, "ecc": 1}
PATHS = {"hot": {"bmc": 1}, "cold": {"bmc": 1}, "gpu": {"ssh": 1, "plug": 1},
         "ecc": {"ssh": 1}, "dead": {"bmc": 0}}
ECC = {"ecc": {"correctable": 5, "uncorrectable": 0}}


def per_rig(table, rig, label="rig"):
    return [({label: rig}, table[rig])] if rig in table else []


def positive_below(limit):
    f = lambda v: 0 < v < limit
    f.__name__ = "0 < v < %g" % limit
    return f


def hot_explicit(rig, got, want):
    """For the hot rig an expectation by hand besides the exposition."""
    if rig == "hot":
        return want
    return got


# ---------------------------------------------------------------- expectations
# (panel title, refId) -> function(rig) giving [(labels, value)], value a
# number or a predicate.  rig is None for an expression without $rig.
E = {}


def fleet(title, ref, fn):
    E[(title, ref)] = fn


fleet("Rigs up", "A", lambda r: [({}, sum(UP.values()))])
fleet("Rigs up", "B", lambda r: [({}, len(UP))])
fleet("Rigs not answering", "A",
      lambda r: [({}, sum(1 for v in UP.values() if v == 0))])
fleet("Rigs with a critical sensor", "A",
      lambda r: [({}, sum(1 for v in WORST.values() if v == 2))])
fleet("Hottest GPU (fleet)", "A", lambda r: [({}, HOTTEST)])
fleet("Wall power (fleet)", "A", lambda r: [({}, plug_w)])
fleet("Memory errors (fleet)", "A",
      lambda r: [({"kind": k}, v) for k, v in ECC["ecc"].items()])
fleet("Fleet", "A", lambda r: [({"rig": x}, v) for x, v in UP.items()])
fleet("Fleet", "B", lambda r: [({"rig": x}, v) for x, v in POWER.items()])
fleet("Fleet", "C", lambda r: [({"rig": x}, v) for x, v in WORST.items()])
fleet("Fleet", "D", lambda r: [({"rig": x}, HOTTEST) for x in GPU_RIGS])
fleet("Fleet", "E", lambda r: expo("rigctl_events_total", keep=["rig"], agg=sum))
fleet("Fleet", "F", lambda r: [({"rig": "ecc"}, sum(ECC["ecc"].values()))])
fleet("Fleet", "G", lambda r: [({"rig": x}, positive_below(10)) for x in RIGS])
fleet("Sensors not ok, by rig", "A",
      lambda r: [({"rig": x}, 1) for x, v in WORST.items() if v == 2])
fleet("Sensors not ok, by rig", "B",
      lambda r: expo("rigctl_sensor_state", keep=["rig"], agg=len,
                     pred=lambda v: v == 1))
fleet("Wall power by rig", "A", lambda r: [({"rig": "gpu"}, plug_w)])
fleet("New events by rig", "A",
      lambda r: [(l, 0) for l, _ in expo("rigctl_events_total",
                                         keep=["rig", "severity"])])
fleet("Hottest GPU by rig", "A", lambda r: [({"rig": x}, HOTTEST) for x in GPU_RIGS])

fleet("Up", "A", lambda r: per_rig(UP, r))
fleet("Power", "A", lambda r: per_rig(POWER, r))
fleet("Worst sensor state", "A", lambda r: per_rig(WORST, r))
fleet("Paths", "A", lambda r: [({"rig": r, "path": p}, v)
                               for p, v in PATHS[r].items()])
fleet("Hottest GPU", "A",
      lambda r: [({"rig": r}, HOTTEST)] if r in GPU_RIGS else [])
fleet("Plug relay", "A", lambda r: [({"rig": r}, 1)] if r == "gpu" else [])
fleet("Scrape", "A", lambda r: [({"rig": r}, positive_below(10))])
fleet("Sensors not ok", "A", lambda r: hot_explicit(
    r, expo("rigctl_sensor_state", r, keep=["rig", "name", "type"], agg=max,
            pred=lambda v: v > 0),
    [({"rig": "hot", "name": "CPU Temp", "type": "temperature"}, 2)]))
fleet("Temperatures", "A", lambda r: expo("rigctl_temperature_celsius", r))
fleet("Fan speeds", "A", lambda r: expo("rigctl_fan_speed_rpm", r))
fleet("Voltages", "A", lambda r: expo("rigctl_voltage_volts", r))
fleet("GPU temperatures", "A", lambda r: gpu_series(r, "temp"))
fleet("GPU power", "A", lambda r: gpu_series(r, "power"))
fleet("GPU utilisation", "A", lambda r: gpu_series(r, "util", 100))
fleet("GPU fans", "A", lambda r: gpu_series(r, "fan", 100))
fleet("Wall power", "A",
      lambda r: [({"rig": r, "source": "plug"}, plug_w)] if r == "gpu" else [])
fleet("Events", "A", lambda r: hot_explicit(
    r, expo("rigctl_events_total", r, keep=["rig", "severity"], agg=sum),
    [({"rig": "hot", "severity": "critical"}, 1),
     ({"rig": "hot", "severity": "warning"}, 1)]))
fleet("Memory errors", "A", lambda r: [({"rig": r, "kind": k}, v)
                                       for k, v in ECC.get(r, {}).items()])
fleet("Memory errors per DIMM", "A",
      lambda r: [(l, 0) for l, _ in expo("rigctl_ecc_errors_total", r,
                                         keep=["rig", "dimm", "kind"])])


# ---------------------------------------------------------------- compare
def query(expr):
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=30) as r:
        d = json.load(r)
    if d.get("status") != "success":
        raise RuntimeError(d)
    out = []
    for s in d["data"]["result"]:
        labels = {k: v for k, v in s["metric"].items()
                  if k not in ("__name__", "job", "instance")}
        out.append((labels, float(s["value"][1])))
    return out


def same(want, got):
    if callable(want):
        return want(got)
    return math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9)


def show(series):
    return "; ".join("%s=%s" % (json.dumps(l, sort_keys=True),
                                getattr(v, "__name__", v))
                     for l, v in sorted(series, key=lambda s: json.dumps(
                         s[0], sort_keys=True)))


def check(what, expr, want):
    try:
        got = query(expr)
    except Exception as e:  # noqa: BLE001 - any failure is the test's
        fail("%s: %s: %s" % (what, expr, e))
        return
    key = lambda l: json.dumps(l, sort_keys=True)
    w = {key(l): v for l, v in want}
    g = {key(l): v for l, v in got}
    if set(w) != set(g) or not all(same(w[k], g[k]) for k in w):
        fail("%s: %s\n  expected %s\n  got      %s" %
             (what, expr, show(want) or "(nothing)", show(got) or "(nothing)"))
    else:
        ok("%s: %d series as expected" % (what, len(got)))


with open(dash_path) as f:
    dash = json.load(f)
seen = set()
for p in dash["panels"]:
    if p.get("type") == "row":
        continue
    for t in p.get("targets", []):
        key = (p["title"], t["refId"])
        if key in seen:
            fail("two targets are %s/%s: titles must be unique" % key)
        seen.add(key)
        if key not in E:
            fail("panel %s/%s (%s) has no expectation in grafana.sh"
                 % (key + (t["expr"],)))
            continue
        expr = t["expr"].replace("$__rate_interval", "1m") \
                        .replace("$__interval", "1m")
        if "$rig" not in expr:
            if "$" in expr:
                fail("%s/%s: a variable the test does not know: %s"
                     % (key + (expr,)))
            check("%s/%s" % key, expr, E[key](None))
            continue
        for rig in RIGS:
            check("%s/%s [rig=%s]" % (key + (rig,)),
                  expr.replace("$rig", rig), E[key](rig))
        # All rigs, as Grafana expands a multi-value or All selection.
        check("%s/%s [rig=All]" % key,
              expr.replace("$rig", "(" + "|".join(RIGS) + ")"),
              [s for rig in RIGS for s in E[key](rig)])
for key in sorted(set(E) - seen):
    fail("an expectation for %s/%s, which the dashboard does not have" % key)

# The rig variable: label_values(rigctl_up, rig).
url = prom + "/api/v1/label/rig/values?" + urllib.parse.urlencode(
    {"match[]": "rigctl_up"})
with urllib.request.urlopen(url, timeout=30) as r:
    values = sorted(json.load(r)["data"])
if values == sorted(RIGS):
    ok("the rig variable lists every rig")
else:
    fail("the rig variable lists %s, not %s" % (values, sorted(RIGS)))
# Failures are the FAIL lines; the exit status says the script ran through.
print("panel targets checked: %d, failed checks: %d" % (len(seen), failures))
PY
rc=$?
while IFS= read -r line; do
	case $line in
	FAIL:*) fail "${line#FAIL: }" ;;
	*) printf '%s\n' "$line" ;;
	esac
done < "$T/panels.log"
check_eq "the panel checks ran to the end" 0 "$rc"
finish
