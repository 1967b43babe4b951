#!/usr/bin/env python3
"""Recall of asyncradar on the peers' own test suites (not committed here).

Usage:
    peer_recall.py ASYNCRADAR [--flake8-async DIR] [--ruff DIR]

DIR for flake8-async holds its tests/eval_files/async2*.py; DIR for Ruff holds
the flake8_async fixtures (ASYNC2*.py) and their snapshots (*.snap) side by
side. Expected findings: flake8-async's `# ASYNCnnn: col, ...` (or `# error:`)
comments, Ruff's `--> FILE:row:col` lines of the snapshots. Missing folders
are skipped; when none is present the script exits 77 (ctest's skip code).

The snippets use modules they never import (flake8-async matches names as
written), so one import line is put before each file and rows are shifted back.
flake8-async's `# ARG --async200-blocking-calls=PATTERN->REPLACEMENT,...`
header becomes `[tool.asyncradar.extra-blocking-calls]` in a pyproject.toml
beside the copied file, so that ASYNC200 is measured with the file's patterns.
Prints recall per code, each miss, and each extra finding (a code the peer
expects somewhere in that file, reported on a row where it expects none).
Exit 0 always after measuring: recall is a measurement, not a gate.
"""

import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

# Modules the snippets name without importing them.
PRELUDE = ("import os, os.path, io, time, subprocess, urllib3, requests, httpx,"
           " httpx2, trio, anyio, asyncio, pathlib, builtins, urllib, urllib.request\n")
OUR_CODES = {"ASYNC200", "ASYNC210", "ASYNC211", "ASYNC212", "ASYNC220",
             "ASYNC221", "ASYNC222", "ASYNC230", "ASYNC231", "ASYNC232",
             "ASYNC240", "ASYNC250", "ASYNC251"}
F8_RE = re.compile(r"#\s*(?:error:\s*)?(ASYNC2\d\d)(?:_asyncio)?:")
SNAP_RE = re.compile(r"^(ASYNC2\d\d)\b.*\n\s*-->\s*(\S+?):(\d+):\d+", re.M)
ARG200_RE = re.compile(r"^#\s*ARG\s+--async200-blocking-calls=(.*)$", re.M)


def pyproject(text):
    """The [tool.asyncradar] table for the file's ARG header, or None."""
    match = ARG200_RE.search(text)
    if not match:
        return None
    lines = ["[tool.asyncradar.extra-blocking-calls]"]
    for item in match.group(1).split(","):
        if "->" in item:
            pattern, replacement = (p.strip() for p in item.split("->", 1))
            # A JSON string is a TOML basic string.
            lines.append(f"{json.dumps(pattern)} = {json.dumps(replacement)}")
    return "\n".join(lines) + "\n"


def found(binary, path):
    """Set of (row, code) asyncradar reports for PATH with the prelude."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with tempfile.TemporaryDirectory() as folder:
        copy = os.path.join(folder, os.path.basename(path))
        with open(copy, "w", encoding="utf-8") as out:
            out.write(PRELUDE + text)
        config = pyproject(text)
        if config:
            with open(os.path.join(folder, "pyproject.toml"), "w",
                      encoding="utf-8") as out:
                out.write(config)
        out = subprocess.run([binary, "check", "--output-format", "json",
                              "--select", "ALL", copy],
                             capture_output=True, text=True, timeout=60).stdout
    items = json.loads(out or "[]")
    return {(i["location"]["row"] - 1, i["code"]) for i in items}


def expected_flake8(folder):
    """{path: [(row, code)]} from the eval files' comments."""
    result = {}
    for path in sorted(glob.glob(os.path.join(folder, "async2*.py"))):
        rows = []
        with open(path, encoding="utf-8") as f:
            for row, line in enumerate(f, 1):
                rows += [(row, c) for c in F8_RE.findall(line) if c in OUR_CODES]
        result[path] = rows
    return result


def expected_ruff(folder):
    """{path: [(row, code)]} from the snapshots next to the fixtures."""
    result = collections.defaultdict(list)
    for snap in sorted(glob.glob(os.path.join(folder, "*.snap"))):
        with open(snap, encoding="utf-8") as f:
            for code, name, row in SNAP_RE.findall(f.read()):
                path = os.path.join(folder, os.path.basename(name))
                if code in OUR_CODES and os.path.exists(path):
                    result[path].append((int(row), code))
    return result


def measure(binary, label, expected):
    hits = collections.Counter()
    totals = collections.Counter()
    extras = collections.Counter()
    for path, rows in expected.items():
        got = found(binary, path)
        for row, code in rows:
            totals[code] += 1
            if (row, code) in got:
                hits[code] += 1
            else:
                print(f"  miss {label} {os.path.basename(path)}:{row} {code}")
        codes = {code for _, code in rows}
        for row, code in sorted(got - set(rows)):
            if code in codes:
                extras[code] += 1
                print(f"  extra {label} {os.path.basename(path)}:{row} {code}")
    for code in sorted(totals):
        print(f"{label} {code}: {hits[code]}/{totals[code]}"
              f" = {100.0 * hits[code] / totals[code]:.0f}%, {extras[code]} extra")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary, folders = argv[1], dict(zip(argv[2::2], argv[3::2]))
    readers = {"--flake8-async": expected_flake8, "--ruff": expected_ruff}
    present = {k: v for k, v in folders.items() if k in readers and os.path.isdir(v)}
    if not present:
        print("peer_recall: no peer folder present, skipped")
        return 77
    for key, folder in present.items():
        measure(binary, key.lstrip("-"), readers[key](folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
