#!/usr/bin/env python3
"""Re-measures the corpus review (tests/corpora/REVIEW.md) on this machine.

Usage:
    CORPORA_SH --no-install | review.py ASYNCRADAR [--ruff LINT_MJS] [--check REVIEW_MD] [--list]

Reads the corpus folders on stdin, one per line, in the output format of the
corpora script (`<package>\\t<folder>`, the stdlib's line has the package
`stdlib`) or with `--dirs` (folders only; the one named `python3.N` is the
stdlib). Runs `ASYNCRADAR check --output-format json` (the default rule
selection) over the async packages and over the stdlib, and prints the
findings per code for each corpus. With `--ruff`, also runs the Ruff peer
(`node LINT_MJS --select ASYNC2 --json`) and prints its counts beside ours,
plus every Ruff finding that is not one of ours (same file and line).
`--list` prints every finding as `path:line CODE callee`, the path relative
to the corpus root (dist-packages for the packages, the stdlib folder).
`--check` compares the findings with the `| path:line | CODE |` rows of
REVIEW.md (above its Ruff section) and exits 1 when a finding has no row, a
row has no finding, or a row marked "(fixed)" is found again, so a new
finding cannot go unreviewed.

Not run by ctest: the corpora are Debian packages CI machines do not have.
Python 3 standard library only.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

REVIEW_ROW_RE = re.compile(r"^\|\s*`?(?P<where>[^|`\s]+:\d+)`?\s*\|\s*(?P<code>[A-Z]+\d+)\s*\|")


def read_corpora(stream):
    packages, stdlib = [], None
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if "\t" in line:
            name, folder = line.split("\t", 1)
        else:
            folder = line
            name = "stdlib" if re.fullmatch(r"python3\.\d+", os.path.basename(folder.rstrip("/"))) else ""
        if name == "stdlib":
            stdlib = folder
        else:
            packages.append(folder)
    return packages, stdlib


def run_ours(binary, folders, root):
    proc = subprocess.run([binary, "check", "--output-format", "json", *folders],
                          capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"asyncradar exited {proc.returncode}: {proc.stderr.strip()}")
    findings = []
    for item in json.loads(proc.stdout or "[]"):
        rel = os.path.relpath(item["filename"], root)
        callee = re.match(r"`([^`]*)`", item["message"])
        findings.append((rel, item["location"]["row"], item["code"],
                         callee.group(1) if callee else ""))
    return findings


def run_ruff(lint_mjs, folders, root):
    proc = subprocess.run(["node", lint_mjs, "--select", "ASYNC2", "--json",
                           "--relative-to", root, *folders],
                          capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"ruff peer exited {proc.returncode}: {proc.stderr.strip()}")
    return [(d["path"], d["line"], d["code"], d["message"]) for d in json.loads(proc.stdout or "[]")]


def counts(findings):
    return collections.Counter(f[2] for f in findings)


def report(title, ours, ruff):
    print(f"== {title}: {len(ours)} findings")
    ours_by_code = counts(ours)
    ruff_by_code = counts(ruff) if ruff is not None else collections.Counter()
    for code in sorted(set(ours_by_code) | set(ruff_by_code)):
        line = f"  {code:9} ours {ours_by_code.get(code, 0):3}"
        if ruff is not None:
            line += f"   ruff {ruff_by_code.get(code, 0):3}"
        print(line)
    if ruff is not None:
        ours_lines = {(f[0], f[1]) for f in ours}
        missed = [r for r in ruff if (r[0], r[1]) not in ours_lines]
        print(f"  Ruff findings not among ours: {len(missed)}")
        for path, line, code, message in missed:
            print(f"    {path}:{line} {code} {message}")


def reviewed_rows(review_md):
    """(rows of current findings, rows of false alarms marked fixed)."""
    rows, fixed = set(), set()
    with open(review_md, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## Ruff"):
                break
            m = REVIEW_ROW_RE.match(line)
            if m:
                (fixed if "(fixed)" in line else rows).add((m.group("where"), m.group("code")))
    return rows, fixed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("asyncradar")
    ap.add_argument("--ruff", metavar="LINT_MJS")
    ap.add_argument("--check", metavar="REVIEW_MD")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()

    packages, stdlib = read_corpora(sys.stdin)
    if not packages or not stdlib:
        sys.exit("expected the async package folders and the stdlib folder on stdin")
    corpora = [("async packages", packages, os.path.dirname(packages[0].rstrip("/"))),
               ("stdlib", [stdlib], stdlib)]

    found = set()
    for title, folders, root in corpora:
        ours = run_ours(args.asyncradar, folders, root)
        ruff = run_ruff(args.ruff, folders, root) if args.ruff else None
        report(title, ours, ruff)
        if args.list:
            for path, line, code, callee in sorted(ours):
                print(f"    {path}:{line} {code} {callee}")
        found |= {(f"{path}:{line}", code) for path, line, code, _ in ours}

    if args.check:
        reviewed, fixed = reviewed_rows(args.check)
        unreviewed = sorted(found - reviewed - fixed)
        gone = sorted(reviewed - found)
        back = sorted(fixed & found)
        for where, code in unreviewed:
            print(f"not in {args.check}: {where} {code}")
        for where, code in gone:
            print(f"in {args.check} but no longer found: {where} {code}")
        for where, code in back:
            print(f"marked fixed in {args.check} but found again: {where} {code}")
        print(f"review: {len(found & reviewed)} findings reviewed, {len(unreviewed)} unreviewed, "
              f"{len(gone)} reviewed rows no longer found, {len(back)} fixed false alarms back")
        return 1 if unreviewed or gone or back else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
