#!/usr/bin/env python3
# browser.py - look at a web page the way a person's browser does, for the
# status-page tests (tests/integration/exporter-page.sh).  Python's standard
# library only; the browser is Debian's headless chromium.
#
#   browser.py dom URL          chromium --dump-dom URL, then what the
#                               rendered DOM shows, as JSON: "rows", the
#                               fleet's rows [{"rig", "up", "power", "worst",
#                               "cells": {LABEL: TEXT}}]; "main", the rig
#                               page's data-* of <main>; "sensors", its
#                               sensor rows [{"name", "state", "cells",
#                               "bars", "ticks": [threshold names]}];
#                               "links", every href/src/action/srcset value
#   browser.py inspect [--width W] [--height H] [--mobile] [--screenshot F]
#                               URL...
#                               each URL loaded in one browser driven over
#                               the DevTools protocol (--remote-debugging-pipe:
#                               no websocket needed), printed as one JSON line:
#                               {"url", "status", "csp", "requests": [every
#                               URL the page asked for], "scrollWidth",
#                               "innerWidth", "overflowing": [elements that
#                               scroll sideways on their own], "title"};
#                               --screenshot saves a
#                               PNG of the first URL
#   browser.py png FILE         a PNG's size and how varied it is: {"width",
#                               "height", "colours", "non_background"} (the
#                               share of pixels unlike the most common one)
#
# The page itself needs no JavaScript: the script evaluated here only
# measures it, as a person scrolling sideways would.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import base64
import fcntl
import html.parser
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib

CHROMIUM = os.environ.get("CHROMIUM", "chromium")
# Root in a container needs --no-sandbox; the rest keeps a test run quiet
# and alone (no first-run, no extensions, no network fetches of its own).
BASE_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
              "--no-first-run", "--no-default-browser-check",
              "--disable-extensions", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--hide-scrollbars", "--mute-audio"]
TIMEOUT = float(os.environ.get("BROWSER_TIMEOUT", "60"))


def die(msg):
    print("browser.py: " + msg, file=sys.stderr)
    sys.exit(2)


# ------------------------------------------------------------ dom

class Rows(html.parser.HTMLParser):
    """The fleet table's rows (tr.rig) and a rig page's sensor rows
    (tr.sensor), each cell's text by its data-label; the data attributes
    of a rig page's <main>; every link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []
        self.sensors = []
        self.links = []
        self.main = None
        self.row = None
        self.label = None
        self.hidden = 0  # inside aria-hidden symbols: not the word

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("href", "src", "action", "srcset", "xlink:href"):
            if k in a:
                self.links.append(a[k])
        cls = (a.get("class") or "").split()
        if tag == "tr" and "rig" in cls:
            self.row = {"rig": a.get("data-rig"), "up": a.get("data-up"),
                        "power": a.get("data-power"),
                        "worst": a.get("data-worst"), "cells": {}}
        elif tag == "tr" and "sensor" in cls:
            self.row = {"name": a.get("data-sensor"),
                        "state": a.get("data-state"), "cells": {},
                        "bars": 0, "ticks": []}
        elif tag == "svg" and self.row is not None and "bar" in cls:
            self.row["bars"] += 1
        elif tag == "rect" and self.row is not None and "tick" in cls:
            self.row["ticks"].append(a.get("data-th"))
        elif tag == "td" and self.row is not None:
            self.label = a.get("data-label")
            self.row["cells"][self.label] = ""
        elif tag == "main" and "data-rig" in a:
            self.main = {k[5:]: v for k, v in a.items()
                         if k.startswith("data-")}
        if tag == "span" and a.get("aria-hidden") == "true":
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            for k, v in self.row["cells"].items():
                self.row["cells"][k] = " ".join(v.split())
            (self.sensors if "name" in self.row else self.rows).append(
                self.row)
            self.row = None
        elif tag == "td":
            self.label = None
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.row is not None and self.label is not None and \
                not self.hidden:
            self.row["cells"][self.label] += data


def cmd_dom(args):
    if len(args) != 1:
        die("dom URL")
    with tempfile.TemporaryDirectory() as prof:
        p = subprocess.run([CHROMIUM] + BASE_FLAGS +
                           ["--user-data-dir=" + prof, "--dump-dom", args[0]],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=TIMEOUT, check=False)
    if p.returncode != 0 or not p.stdout:
        die("chromium --dump-dom %s: exit %d" % (args[0], p.returncode))
    parser = Rows()
    parser.feed(p.stdout.decode("utf-8", "replace"))
    print(json.dumps({"rows": parser.rows, "main": parser.main,
                      "sensors": parser.sensors, "links": parser.links}))


# ------------------------------------------------------------ DevTools

class Browser:
    """chromium with --remote-debugging-pipe: DevTools protocol messages
    as NUL-terminated JSON on its fds 3 (in) and 4 (out)."""

    def __init__(self):
        self.prof = tempfile.TemporaryDirectory()
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # The child's ends become its fds 3 and 4: first moved above 9 so
        # that neither dup2 below can overwrite the other's source.
        hi_r = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10)
        hi_w = fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
        for fd in (to_r, from_w):
            os.close(fd)

        def child():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)
        # pass_fds keeps 3 and 4 open: the closing of other fds comes
        # after preexec_fn.
        self.proc = subprocess.Popen(
            [CHROMIUM] + BASE_FLAGS + ["--remote-debugging-pipe",
                                       "--user-data-dir=" + self.prof.name,
                                       "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=child,
            pass_fds=(3, 4, hi_r, hi_w))
        os.close(hi_r)
        os.close(hi_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    die("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def read(self):
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self.buf:
            if time.monotonic() > deadline:
                die("no answer from chromium in %g s" % TIMEOUT)
            chunk = os.read(self.from_r, 65536)
            if not chunk:
                die("chromium closed its DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def wait_event(self, method, session):
        for i, m in enumerate(self.events):
            if m.get("method") == method and m.get("sessionId") == session:
                del self.events[i]
                return m
        while True:
            m = self.read()
            if m.get("method") == method and m.get("sessionId") == session:
                return m
            self.events.append(m)

    def close(self):
        try:
            self.send("Browser.close")
        except SystemExit:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.prof.cleanup()


# The page's width, and every element whose content is wider than its box:
# a box that scrolls on its own (overflow: auto) hides that from the
# document's scrollWidth, and is sideways scrolling all the same.
MEASURE = """JSON.stringify({
  scrollWidth: Math.max(document.documentElement.scrollWidth,
                        document.body ? document.body.scrollWidth : 0),
  innerWidth: window.innerWidth,
  overflowing: Array.from(document.querySelectorAll("body *"))
    .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 &&
                 getComputedStyle(e).overflowX != "visible")
    .map(e => e.tagName.toLowerCase() +
              (e.className && e.className.baseVal === undefined ?
               "." + e.className : "")),
  title: document.title})"""


def inspect(b, url, width, height, mobile, shot):
    t = b.send("Target.createTarget", {"url": "about:blank"})
    s = b.send("Target.attachToTarget",
               {"targetId": t["targetId"], "flatten": True})["sessionId"]
    b.send("Page.enable", session=s)
    b.send("Network.enable", session=s)
    b.send("Emulation.setDeviceMetricsOverride",
           {"width": width, "height": height, "deviceScaleFactor": 1,
            "mobile": mobile}, session=s)
    b.events = [m for m in b.events if m.get("sessionId") != s]
    b.send("Page.navigate", {"url": url}, session=s)
    b.wait_event("Page.loadEventFired", s)
    # Give anything the page might still start (it should start nothing)
    # a moment to show up among the requests.
    time.sleep(0.3)
    m = json.loads(b.send("Runtime.evaluate",
                          {"expression": MEASURE, "returnByValue": True},
                          session=s)["result"]["value"])
    if shot:
        png = b.send("Page.captureScreenshot", {"format": "png"}, session=s)
        with open(shot, "wb") as f:
            f.write(base64.b64decode(png["data"]))
    requests, status, csp = [], None, None
    for e in b.events:
        if e.get("sessionId") != s:
            continue
        p = e.get("params", {})
        if e.get("method") == "Network.requestWillBeSent":
            requests.append(p["request"]["url"])
        elif e.get("method") == "Network.responseReceived" and \
                p.get("type") == "Document" and status is None:
            status = p["response"]["status"]
            hdrs = {k.lower(): v for k, v in p["response"]["headers"].items()}
            csp = hdrs.get("content-security-policy")
    b.events = [e for e in b.events if e.get("sessionId") != s]
    b.send("Target.closeTarget", {"targetId": t["targetId"]})
    m.update({"url": url, "status": status, "csp": csp,
              "requests": requests})
    return m


def cmd_inspect(args):
    width, height, mobile, shot, urls = 390, 844, False, None, []
    while args:
        a = args.pop(0)
        if a == "--width":
            width = int(args.pop(0))
        elif a == "--height":
            height = int(args.pop(0))
        elif a == "--mobile":
            mobile = True
        elif a == "--screenshot":
            shot = args.pop(0)
        else:
            urls.append(a)
    if not urls:
        die("inspect [--width W] [--height H] [--mobile] "
            "[--screenshot FILE] URL...")
    b = Browser()
    try:
        for i, u in enumerate(urls):
            print(json.dumps(inspect(b, u, width, height, mobile,
                                     shot if i == 0 else None)), flush=True)
    finally:
        b.close()


# ------------------------------------------------------------ png

def png_pixels(path):
    """(width, height, channels, rows of bytes) of an 8-bit RGB(A) or grey
    PNG, filters undone (PNG spec, section 9)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        die(path + ": not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    ch = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or ch is None or interlace:
        die(path + ": only 8-bit, non-interlaced RGB(A)/grey PNGs")
    raw = zlib.decompress(idat)
    stride = w * ch
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        cur = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = cur[x - ch] if x >= ch else 0
            b = prev[x]
            c = prev[x - ch] if x >= ch else 0
            if ft == 1:
                cur[x] = (cur[x] + a) & 255
            elif ft == 2:
                cur[x] = (cur[x] + b) & 255
            elif ft == 3:
                cur[x] = (cur[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                cur[x] = (cur[x] + pr) & 255
        rows.append(bytes(cur))
        prev = cur
    return w, h, ch, rows


def cmd_png(args):
    if len(args) != 1:
        die("png FILE")
    w, h, ch, rows = png_pixels(args[0])
    counts = {}
    for r in rows:
        for x in range(0, len(r), ch):
            px = r[x:x + ch]
            counts[px] = counts.get(px, 0) + 1
    top = max(counts.values())
    print(json.dumps({"width": w, "height": h, "colours": len(counts),
                      "non_background": round(1 - top / (w * h), 4)}))


def main():
    if len(sys.argv) < 2:
        die("dom|inspect|png ...")
    cmd = {"dom": cmd_dom, "inspect": cmd_inspect, "png": cmd_png}.get(
        sys.argv[1])
    if cmd is None:
        die("unknown command " + sys.argv[1])
    cmd(sys.argv[2:])


if __name__ == "__main__":
    main()
