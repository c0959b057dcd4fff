#!/usr/bin/env python3
"""Measures the server at scale: start to first response, edits going live, peak memory.

Usage: scale-edits.py BINARY CONTENT_DIR STATIC_DIR [EDITS=10]

Starts `BINARY serve` on a free port of 127.0.0.1 with a new state folder (and whatever
`_RJEM_MALLOC_CONF` the environment sets), waits for the first 200 on /, lets the first
compression pass run, then makes EDITS one-line edits of one city file and EDITS of one event
file, each timed from the write to /healthz showing the new version, and reports the medians,
the peak RSS (VmHWM) and the server's own timings (its debug log lines with `_ms`). Last, it
starts the server again on the same state folder (with a history, as a restart) and times the
first response again.
"""
import json
import os
import re
import statistics
import sys
import tempfile
import time

from local_server import free_port, get, serve

binary, content, static = sys.argv[1:4]
edits = int(sys.argv[4]) if len(sys.argv) > 4 else 10

port = free_port()
work = tempfile.mkdtemp(prefix="scale-")
state = os.path.join(work, "state")
log = open(os.path.join(work, "server.log"), "w+")
env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "warn,sister_cities::live=debug"))
base = f"http://127.0.0.1:{port}"


def start(label):
    """Starts the server; prints the time to its first response to / (200), and to the whole
    site (a city page, which waits for the rest of the site to be rendered)."""
    started = time.monotonic()
    server, ms = serve(binary, port, ["--content", content, "--static", static, "--state-dir",
                                      state] + os.environ.get("SERVE_FLAGS", "").split(), log, env)
    get(base + "/cities/city-0001")
    whole = (time.monotonic() - started) * 1000
    print(f"start to first response ({label}): {ms:.0f} ms; to the whole site: {whole:.0f} ms")
    return server


server = start("new state folder")
try:
    time.sleep(5)  # the first compression pass, and the first history commit

    def version():
        return json.loads(get(base + "/healthz")[1])["version"]

    def edit_to_live(path, pattern, n):
        before = version()
        with open(path) as f:
            text = f.read()
        text = re.sub(pattern, lambda m: m.group(1) + f"Edited {n}. ", text, count=1,
                      flags=re.M)
        start = time.monotonic()
        with open(path, "w") as f:
            f.write(text)
        while version() == before:
            if time.monotonic() - start > 30:
                sys.exit(f"edit {n} of {path} never went live")
            time.sleep(0.005)
        return (time.monotonic() - start) * 1000

    for label, path, pattern in [
        ("city", os.path.join(content, "cities", "city-0002.toml"), r'^(summary = ")'),
        ("event", os.path.join(content, "events", "event-00002.toml"), r'^(description = ")'),
    ]:
        times = []
        for n in range(1, edits + 1):
            times.append(edit_to_live(path, pattern, n))
            time.sleep(1.5)
        print(f"edit to live, {label}: median {statistics.median(times):.0f} ms "
              f"(min {min(times):.0f}, max {max(times):.0f}, {edits} edits)")
    with open(f"/proc/{server.pid}/status") as f:
        hwm = next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))
    print(f"peak RSS: {hwm // 1024} MB")
finally:
    server.terminate()
    server.wait()
time.sleep(1)
server = start("restart, with a history")
server.terminate()
server.wait()
log.seek(0)
timings = {}
for line in log:
    line = re.sub(r"\x1b\[[0-9;]*m", "", line)
    for key, value in re.findall(r"(\w+_ms)=(\d+)", line):
        timings.setdefault(key, []).append(int(value))
for key, values in timings.items():
    print(f"server {key}: first {values[0]}, median of the rest "
          f"{statistics.median(values[1:]) if len(values) > 1 else '-'} ({len(values)} lines)")
