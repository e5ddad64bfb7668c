#!/usr/bin/env python3
# plug-emu.py - a smart plug on 127.0.0.1 for the plug path's tests, written
# from the projects' documented HTTP APIs:
#
#   Tasmota (https://tasmota.github.io/docs/Commands/ "HTTP requests"):
#     GET /cm?[user=U&password=P&]cmnd=CMD; Power<n> [On|Off|1|0] answers
#     {"POWER":"ON"} (one relay; also for Power1) or {"POWER<n>":..};
#     Backlog C1; C2; ... runs the commands on the device one after the
#     other, Delay <d> waiting d tenths of a second, and answers {} at once;
#     Status 8 / Status 10 answer {"StatusSNS":{..,"ENERGY":{..}}}.  A
#     missing or wrong password: HTTP 401 and {"WARNING":"Need user=..."}.
#   Shelly Gen2 (https://shelly-api-docs.shelly.cloud/gen2/): GET /shelly
#     (device info, never authenticated, "gen": 2); /rpc/Switch.GetStatus?id=N
#     -> {"id":N,"output":bool,"apower":W,"voltage":V,"current":A,..};
#     /rpc/Switch.Set?id=N&on=true|false[&toggle_after=S] -> {"was_on":bool},
#     the device flipping the output back by itself after S seconds;
#     authentication is HTTP digest (RFC 7616, SHA-256, user admin, realm
#     the device id).  --gen1 answers /shelly as a Gen1 device does.
#
# Device-side timers run in this process: they complete when the client is
# gone.  Every relay switch is appended to the oracle file as
# "<unix ms> <relay> on|off <why>", which the tests read.
#
#   plug-emu.py --kind tasmota|shelly --port-file F --oracle F [--password P]
#               [--stuck] [--gen1] [--no-meter] [--relays N] [--initial on|off]
#
# --stuck: commands are accepted but the relay does not move (a welded
# relay).  SIGTERM stops it.  SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import hashlib
import json
import os
import re
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--kind", choices=["tasmota", "shelly"], required=True)
ap.add_argument("--port-file", required=True)
ap.add_argument("--oracle", required=True)
ap.add_argument("--password")
ap.add_argument("--stuck", action="store_true")
ap.add_argument("--gen1", action="store_true")
ap.add_argument("--no-meter", action="store_true")
ap.add_argument("--relays", type=int, default=1)
ap.add_argument("--initial", choices=["on", "off"], default="on")
args = ap.parse_args()

lock = threading.Lock()
relays = [args.initial == "on"] * args.relays
DEVICE_ID = "shellyplusplugs-a8032ab12345"


def switch(i, on, why):
    """Set relay i (0-based); --stuck leaves it where it is."""
    with lock:
        if args.stuck:
            return
        if relays[i] != on:
            relays[i] = on
            with open(args.oracle, "a") as f:
                f.write("%d %d %s %s\n" % (int(time.time() * 1000), i,
                                           "on" if on else "off", why))


def meter(i):
    on = relays[i]
    return (118.4 if on else 0.0), 230.1, (0.52 if on else 0.0)


# ------------------------------------------------------------- Tasmota
def tasmota_power(cmd, arg):
    m = re.fullmatch(r"power(\d*)", cmd, re.I)
    n = int(m.group(1)) if m.group(1) else 1
    if n < 1 or n > len(relays):
        return {"Command": "Unknown"}
    a = arg.strip().lower()
    if a in ("on", "1"):
        switch(n - 1, True, "Power")
    elif a in ("off", "0"):
        switch(n - 1, False, "Power")
    elif a in ("toggle", "2"):
        switch(n - 1, not relays[n - 1], "Power")
    key = "POWER" if len(relays) == 1 else "POWER%d" % n
    return {key: "ON" if relays[n - 1] else "OFF"}


def tasmota_one(line):
    parts = line.strip().split(None, 1)
    if not parts:
        return {}
    cmd, arg = parts[0], parts[1] if len(parts) > 1 else ""
    if re.fullmatch(r"power\d*", cmd, re.I):
        return tasmota_power(cmd, arg)
    if cmd.lower() == "status" and arg.strip() in ("8", "10"):
        sns = {"Time": time.strftime("%Y-%m-%dT%H:%M:%S")}
        if not args.no_meter:
            w, v, a = meter(0)
            sns["ENERGY"] = {"TotalStartTime": "2024-01-01T00:00:00",
                             "Total": 12.345, "Yesterday": 1.2,
                             "Today": 0.8, "Power": w, "ApparentPower": w,
                             "ReactivePower": 0, "Factor": 1.0,
                             "Voltage": v, "Current": a}
        return {"StatusSNS": sns}
    return {"Command": "Unknown"}


def tasmota_backlog(cmds):
    """Runs on the device, after the HTTP answer, whatever the client does."""
    for c in cmds:
        parts = c.strip().split(None, 1)
        if parts and parts[0].lower() == "delay":
            d = int(parts[1]) if len(parts) > 1 else 0
            time.sleep(max(2, min(3600, d)) / 10.0)
        else:
            tasmota_one(c)


# -------------------------------------------------------------- Shelly
nonces = set()


def digest_ok(h, method, path):
    auth = h.headers.get("Authorization", "")
    if not auth.startswith("Digest "):
        return False
    f = dict(re.findall(r'(\w+)="?([^",]*)"?', auth[7:]))
    algo = f.get("algorithm", "MD5").upper()
    hf = hashlib.sha256 if algo == "SHA-256" else hashlib.md5
    H = lambda s: hf(s.encode()).hexdigest()
    if f.get("username") != "admin" or f.get("nonce") not in nonces:
        return False
    ha1 = H("admin:%s:%s" % (DEVICE_ID, args.password))
    ha2 = H("%s:%s" % (method, f.get("uri", "")))
    want = H("%s:%s:%s:%s:%s:%s" % (ha1, f["nonce"], f.get("nc", ""),
                                    f.get("cnonce", ""), f.get("qop", ""),
                                    ha2))
    return f.get("response") == want and f.get("uri") == path


def shelly_rpc(method, q):
    sid = int(q.get("id", ["0"])[0])
    if sid < 0 or sid >= len(relays):
        return 404, {"code": -105, "message": "Argument 'id', value %d not "
                     "found!" % sid}
    if method == "Switch.GetStatus":
        st = {"id": sid, "source": "HTTP_in", "output": relays[sid],
              "temperature": {"tC": 40.1, "tF": 104.2}}
        if not args.no_meter:
            w, v, a = meter(sid)
            st.update({"apower": w, "voltage": v, "current": a,
                       "aenergy": {"total": 12345.6,
                                   "by_minute": [0, 0, 0],
                                   "minute_ts": int(time.time())}})
        return 200, st
    if method == "Switch.Set":
        on = q.get("on", [""])[0]
        if on not in ("true", "false"):
            return 400, {"code": -103, "message": "Missing required "
                         "argument 'on'!"}
        was = relays[sid]
        want = on == "true"
        switch(sid, want, "Switch.Set")
        if "toggle_after" in q:
            s = float(q["toggle_after"][0])
            threading.Timer(s, switch, (sid, not want, "toggle_after")).start()
        return 200, {"was_on": was}
    return 404, {"code": 404, "message": "No handler for %s" % method}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, code, body, extra=None):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        if args.kind == "tasmota":
            return self.tasmota(u, q)
        return self.shelly(u, q)

    def tasmota(self, u, q):
        if u.path != "/cm":
            return self.reply(404, {})
        if args.password is not None and not (
                q.get("user", [""])[0] == "admin" and
                q.get("password", [""])[0] == args.password):
            return self.reply(401, {"WARNING": "Need user=<username>&"
                                    "password=<password>"})
        cmnd = q.get("cmnd", [""])[0]
        if not cmnd:
            return self.reply(200, {"WARNING": "Enter command cmnd="})
        parts = cmnd.strip().split(None, 1)
        if parts[0].lower() == "backlog":
            cmds = [c for c in (parts[1] if len(parts) > 1 else "").split(";")
                    if c.strip()]
            threading.Thread(target=tasmota_backlog, args=(cmds,),
                             daemon=False).start()
            return self.reply(200, {})
        return self.reply(200, tasmota_one(cmnd))

    def shelly(self, u, q):
        if u.path == "/shelly":
            if args.gen1:
                return self.reply(200, {"type": "SHPLG-S",
                                        "mac": "A8032AB12345",
                                        "auth": args.password is not None,
                                        "fw": "20230913-114244/v1.14.0-gcb84623",
                                        "num_outputs": 1})
            return self.reply(200, {"name": None, "id": DEVICE_ID,
                                    "mac": "A8032AB12345",
                                    "model": "SNPL-00112EU", "gen": 2,
                                    "fw_id": "20231107-164738/1.0.8-g",
                                    "ver": "1.0.8", "app": "PlusPlugS",
                                    "auth_en": args.password is not None,
                                    "auth_domain": DEVICE_ID
                                    if args.password is not None else None})
        if args.gen1:
            return self.reply(404, {})
        if not u.path.startswith("/rpc/"):
            return self.reply(404, {"code": 404, "message": "Not found"})
        if args.password is not None and not digest_ok(self, "GET",
                                                       self.path):
            nonce = secrets.token_hex(8)
            nonces.add(nonce)
            return self.reply(401, {"code": 401, "message": "unauthorized"},
                              {"WWW-Authenticate":
                               'Digest qop="auth", realm="%s", nonce="%s", '
                               'algorithm=SHA-256' % (DEVICE_ID, nonce)})
        code, body = shelly_rpc(u.path[5:], q)
        return self.reply(code, body)


srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(args.port_file + ".tmp", args.port_file)
open(args.oracle, "a").close()
try:
    srv.serve_forever()
except KeyboardInterrupt:
    pass
