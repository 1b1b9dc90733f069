#!/usr/bin/env python3
"""Run several commands N times each in one process and print median wall time, median CPU time
(user+sys of the child), peak RSS, and ratios against the first command.

usage: compare.py [--runs N] --name A [--cwd DIR] -- cmd args... --name B [--cwd DIR] -- cmd args...
Each command's stdout/stderr go to /dev/null; a non-zero exit aborts the comparison.
"""
import os, statistics, subprocess, sys, time


def parse(argv):
    runs, cmds, i = 5, [], 0
    while i < len(argv):
        a = argv[i]
        if a == "--runs":
            runs = int(argv[i + 1]); i += 2
        elif a == "--name":
            cmds.append({"name": argv[i + 1], "cwd": None, "argv": []}); i += 2
        elif a == "--cwd":
            cmds[-1]["cwd"] = argv[i + 1]; i += 2
        elif a == "--":
            i += 1
            while i < len(argv) and argv[i] != "--name":
                cmds[-1]["argv"].append(argv[i]); i += 1
        else:
            sys.exit(f"compare.py: unexpected argument {a!r}")
    return runs, cmds


def once(c):
    t0 = time.perf_counter()
    p = subprocess.Popen(c["argv"], cwd=c["cwd"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"compare.py: {c['name']} exited with {os.waitstatus_to_exitcode(status)}: {' '.join(c['argv'])}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def main():
    runs, cmds = parse(sys.argv[1:])
    rows = []
    for c in cmds:
        once(c)  # warm-up
        samples = [once(c) for _ in range(runs)]
        rows.append((c["name"], statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
                     max(s[2] for s in samples)))
    w = max(len(r[0]) for r in rows)
    print(f"{'command':<{w}}  {'wall (med)':>11}  {'cpu (med)':>10}  {'peak RSS':>10}   ({runs} runs each)")
    for name, wall, cpu, rss in rows:
        print(f"{name:<{w}}  {wall*1000:>9.1f}ms  {cpu*1000:>8.1f}ms  {rss/1024:>8.1f}MB")
    base = rows[0]
    for name, wall, cpu, rss in rows[1:]:
        print(f"{name} / {base[0]}: {wall/base[1]:.1f}x wall, {cpu/max(base[2],1e-9):.1f}x cpu, {rss/base[3]:.1f}x peak RSS")


if __name__ == "__main__":
    main()
