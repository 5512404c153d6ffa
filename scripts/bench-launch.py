#!/usr/bin/env python3
"""Start-up benchmark: the release app next to a bare Tauri window from the same package (the
floor), launched alternately. Figures: seconds from spawn to a milestone line on stderr (the
app: "queue on screen", which the UI says two animation frames after its first queue page
arrived, i.e. once the rows have painted; the floor: "painted", which its page says two frames
after it ran; its "page loaded" is printed too), and RSS after settling, of the process alone
and with its WebKit helper processes.

The app is launched twice per run on one data folder: first on an empty folder (the first
launch: the queue waits for the sandbox to start and connect), then again on that folder (a
returning user: the saved connection's queue shows while the app reconnects). The ratio is
for the returning launch; both are printed.

Run under X (e.g. `xvfb-run -a -s "-screen 0 1280x800x24" scripts/bench-launch.py TARGET_DIR`).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

RUNS = int(os.environ.get("LAUNCH_RUNS", "5"))
SETTLE_S = float(os.environ.get("SETTLE_S", "5"))
TIMEOUT_S = 60


def children(pid):
    """Every descendant of pid, from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
                parents.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = parents.get(p, [])
        out += kids
        todo += kids
    return out


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def launch(cmd, milestones, env):
    """Seconds from spawn to each milestone line (the last one ends the wait), and RSS."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    seen = threading.Event()
    at = {}
    marker = milestones[-1]

    def read():
        for line in proc.stderr:
            for m in milestones:
                if m not in at and m in line:
                    at[m] = time.monotonic() - started
            if marker in at:
                seen.set()

    threading.Thread(target=read, daemon=True).start()
    ok = seen.wait(TIMEOUT_S)
    if ok:
        time.sleep(SETTLE_S)
        own = rss_kb(proc.pid)
        tree = own + sum(rss_kb(c) for c in children(proc.pid))
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if not ok:
        sys.exit(f"{cmd[0]}: no '{marker}' within {TIMEOUT_S} s")
    return at[marker], own / 1024, tree / 1024, at


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else "target"
    app = os.path.join(target, "release", "layers-desk")
    bare = os.path.join(target, "release", "examples", "bare-window")
    env = dict(os.environ, LAYERS_DESK_LOG="info,layers_desk=debug")
    # The app's start-up in order; the profile prints when each was reached.
    app_steps = ["queue opened", "page loaded", "reconnected", "first queue page answered", "queue on screen"]
    results = {"first": [], "app": [], "bare": []}
    for run in range(RUNS):
        order = ["app", "bare"] if run % 2 == 0 else ["bare", "app"]
        for which in order:
            if which == "app":
                with tempfile.TemporaryDirectory() as data:
                    cmd = [app, "--sandbox", "--data-dir", data]
                    first = launch(cmd, app_steps, env)
                    results["first"].append(first)
                    r = launch(cmd, app_steps, env)
                print(f"  run {run + 1} first launch: {first[0] * 1000:.0f} ms")
            else:
                r = launch([bare], ["bare-window: page loaded", "bare-window: painted"], env)
            results[which].append(r)
            print(f"  run {run + 1} {which}: {r[0] * 1000:.0f} ms, RSS {r[1]:.0f} MB (with helpers {r[2]:.0f} MB)")
    for which, title in [("first", "first launch"), ("app", "returning launch")]:
        print(f"app start-up profile, {title}, median ms from spawn (steps can overlap):")
        for step in app_steps:
            times = [r[3][step] for r in results[which] if step in r[3]]
            if times:
                print(f"  {step:<26} {statistics.median(times) * 1000:6.0f} ms ({len(times)} of {RUNS} runs)")
    loaded = [r[3]["bare-window: page loaded"] for r in results["bare"]]
    print(f"bare window: page loaded {statistics.median(loaded) * 1000:.0f} ms, painted (the floor) below")
    med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in results.items()}
    (at, arss, atree), (bt, brss, btree) = med["app"], med["bare"]
    ft = med["first"][0]
    print(f"first launch to queue on screen: app {ft * 1000:.0f} ms; ratio to the bare window {ft / bt:.2f}")
    print(f"launch to queue on screen (returning): app {at * 1000:.0f} ms, bare window {bt * 1000:.0f} ms; ratio {at / bt:.2f} (target <= 1.3; median of {RUNS})")
    print(f"RSS after {SETTLE_S:.0f} s: app {arss:.0f} MB, bare window {brss:.0f} MB; ratio {arss / brss:.2f} (target <= 1.3)")
    print(f"RSS with WebKit helpers: app {atree:.0f} MB, bare window {btree:.0f} MB; ratio {atree / btree:.2f}")


if __name__ == "__main__":
    main()
