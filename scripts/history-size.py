#!/usr/bin/env python3
"""Measures edits going live while another file is broken, and the history they leave.

Usage: history-size.py BINARY CONTENT_DIR STATIC_DIR [EDITS=1000]

Copies the content folder, starts `BINARY serve` on a free port of 127.0.0.1 with a new
state folder, breaks one city file (a curly quote pasted into a value, the commonest
mistake), then makes EDITS one-line edits of another city file, each timed from the write to
/healthz showing the new version. Reports the median edit-to-live with the broken file held
back, checks that the broken file's page still shows its last good text, and prints the size
of the state folder's history after the edits, before and after `git gc`.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from local_server import free_port, get as get_url, serve

binary, content, static = sys.argv[1:4]
edits = int(sys.argv[4]) if len(sys.argv) > 4 else 1000

work = tempfile.mkdtemp(prefix="history-")
folder = os.path.join(work, "content")
shutil.copytree(content, folder)
state = os.path.join(work, "state")
cities = sorted(os.path.join(folder, "cities", name)
                for name in os.listdir(os.path.join(folder, "cities"))
                if name.endswith(".toml") and name.count(".") == 1)
broken, edited = cities[0], cities[1]


def get(path):
    return get_url(base + path)


def version():
    return json.loads(get("/healthz")[1])["version"]


def du(path):
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, name)) for name in files)
    return total


port = free_port()
base = f"http://127.0.0.1:{port}"
log = open(os.path.join(work, "server.log"), "w")
server, _ = serve(binary, port, ["--content", folder, "--static", static, "--state-dir", state],
                  log)
try:
    time.sleep(2)

    slug = os.path.basename(broken)[:-len(".toml")]
    with open(broken, encoding="utf-8") as f:
        text = f.read()
    # The page as published, less what changes by the minute (the local time).
    def steady(page):
        return re.sub(r'<time[^>]*>.*?</time>', '', page.decode(), flags=re.S)

    good_page = steady(get(f"/cities/{slug}")[1])
    text = re.sub(r'^(country = )"', "\\1\u201c", text, count=1, flags=re.M)
    with open(broken, "w", encoding="utf-8") as f:
        f.write(text)
    time.sleep(2)

    times = []
    for n in range(1, edits + 1):
        before = version()
        with open(edited, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r'^(summary = ")(Edited \d+\. )?', f"\\1Edited {n}. ", text, count=1,
                      flags=re.M)
        start = time.monotonic()
        with open(edited, "w", encoding="utf-8") as f:
            f.write(text)
        while version() == before:
            if time.monotonic() - start > 30:
                sys.exit(f"edit {n} never went live")
            time.sleep(0.005)
        times.append((time.monotonic() - start) * 1000)
    print(f"edit to live with {os.path.basename(broken)} broken: median "
          f"{statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}, "
          f"{edits} edits)")
    status, page = get(f"/cities/{slug}")
    print(f"/cities/{slug} while broken: {status}, "
          f"{'its last good version' if steady(page) == good_page else 'CHANGED'}")
    time.sleep(3)  # the history's thread writes the last versions
finally:
    server.terminate()
    server.wait()
    log.close()

with open(os.path.join(work, "server.log"), encoding="utf-8") as f:
    reported = [line for line in f if "curly" in line and os.path.basename(broken) in line]
print(f"the broken file reported in the log: {len(reported)} times")

history = os.path.join(state, "history.git")
versions = subprocess.run(["git", "--git-dir", history, "rev-list", "--all", "--count"],
                          capture_output=True, text=True).stdout.strip()
print(f"history: {versions} versions, {du(history) / 1e6:.1f} MB")
subprocess.run(["git", "--git-dir", history, "gc", "--quiet"], check=True)
print(f"history after git gc: {du(history) / 1e6:.2f} MB")
print(f"content folder: {du(folder) / 1e6:.2f} MB")
