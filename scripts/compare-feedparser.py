#!/usr/bin/env python3
"""Parse every feed file below a folder with Python feedparser and with NewsWatcher, and compare item counts.

Usage: scripts/compare-feedparser.py [FOLDER] [--newswatcher "CMD ..."]

FOLDER defaults to ../shared/corpus/feeds beside the repository. NewsWatcher is run as
`CMD feeds parse FOLDER` (default CMD: `dotnet run --project src/NewsWatcher --`).
Prints a TSV `path  feedparser  newswatcher  status  verdict`, then totals. A "real" feedparser item has a
title, an http(s) link or a summary, and is
counted once when feedparser returns the same item twice (NewsWatcher drops exact duplicates by design). Exit 0 when NewsWatcher recovers at least as many real items as feedparser on every
file, 1 otherwise, 3 when feedparser is not installed (Debian: apt-get install python3-feedparser).
"""
import os
import shlex
import subprocess
import sys

try:
    import feedparser
except ImportError:
    print("feedparser is not installed (Debian: apt-get install -y python3-feedparser)", file=sys.stderr)
    sys.exit(3)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def real_items(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        parsed = feedparser.parse(data)
    except Exception as e:  # feedparser should never throw, but a comparison must not stop on one file
        print(f"feedparser raised on {path}: {e!r}", file=sys.stderr)
        return 0
    seen = set()
    for e in parsed.entries:
        link = e.get("link") or ""
        link = link if link.startswith(("http://", "https://")) else ""
        key = (e.get("title") or "", link, e.get("summary") or "")
        if any(key):
            seen.add(key)
    return len(seen)


def newswatcher_counts(folder, command):
    out = subprocess.run(command + ["feeds", "parse", folder], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    counts = {}
    for line in out.splitlines()[1:]:
        path, items, status, _detail = line.split("\t", 3)
        counts[os.path.relpath(os.path.abspath(os.path.join(ROOT, path)), folder)] = (int(items), status)
    return counts


def main(argv):
    folder = os.path.join(ROOT, "..", "shared", "corpus", "feeds")
    command = ["dotnet", "run", "--project", os.path.join(ROOT, "src", "NewsWatcher"), "--"]
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--newswatcher":
            command = shlex.split(args.pop(0))
        else:
            folder = arg
    folder = os.path.abspath(folder)
    ours = newswatcher_counts(folder, command)

    print("path\tfeedparser\tnewswatcher\tstatus\tverdict")
    total_fp = total_nw = worse = 0
    for rel in sorted(ours):
        fp = real_items(os.path.join(folder, rel))
        nw, status = ours[rel]
        verdict = "ok" if nw >= fp else "FEWER"
        worse += nw < fp
        total_fp += fp
        total_nw += nw
        print(f"{rel}\t{fp}\t{nw}\t{status}\t{verdict}")
    print(f"total\t{total_fp}\t{total_nw}\t{len(ours)} files\t{worse} files where NewsWatcher recovers fewer")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
