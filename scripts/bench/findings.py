#!/usr/bin/env python3
"""Print `file:line` findings, sorted, from `strata lint --format json` or `go-arch-lint --json` on stdin."""
import json
import sys

d = json.load(sys.stdin)
if "Payload" in d:
    rows = [f'{w["FileRelativePath"].lstrip("/")}:{w["Reference"]["Line"]}' for w in d["Payload"]["ArchWarningsDeps"] or []]
else:
    root = sys.argv[1] if len(sys.argv) > 1 else ""
    rows = [f'{x["file"].split(root + "/", 1)[-1]}:{x["line"]}' for x in d["diagnostics"]]
print("\n".join(sorted(rows)))
