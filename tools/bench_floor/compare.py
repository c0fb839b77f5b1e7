#!/usr/bin/env python3
"""The app against the bare ImGui window (wp_bench_floor), side by side in one run, as ratios.

Run under one X server (tools/bench does: xvfb-run -a -s "-screen 0 1600x900x24"). Medians of
several runs; CPU is user + system over all threads (steadier than wall time on a shared machine).
  usage: compare.py BIN_DIR [--runs N] [--only first,rss,frames,idle,cases]
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

USAGE = "usage: compare.py BIN_DIR [--runs N] [--only first,rss,frames,idle,cases]"
KINDS = {"first", "rss", "frames", "idle", "cases"}

def usage_error(message):
    sys.exit("compare.py: %s\n%s" % (message, USAGE))

if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
    print(__doc__.strip()); sys.exit(0 if len(sys.argv) >= 2 else 2)
bindir = sys.argv[1]
runs = 5
only = None
args = sys.argv[2:]
while args:
    a = args.pop(0)
    if a == "--runs" and args and args[0].isdigit() and int(args[0]) > 0: runs = int(args.pop(0))
    elif a == "--only" and args and set(args[0].split(",")) <= KINDS: only = set(args.pop(0).split(","))
    else: usage_error("cannot read %r here (--runs takes a whole number from 1, --only a comma list of %s)" % (a, ",".join(sorted(KINDS))))
for exe in ("wholepicture", "wp_bench_floor"):
    if not os.access(os.path.join(bindir, exe), os.X_OK):
        usage_error("%s has no %s: give the build's bin folder (tools/run builds it as build/bin)" % (bindir, exe))
app = os.path.join(bindir, "wholepicture")
floor = os.path.join(bindir, "wp_bench_floor")
scratch = tempfile.mkdtemp(prefix="wp-bench-")
env = dict(os.environ, XDG_CONFIG_HOME=scratch, XDG_STATE_HOME=scratch, XDG_DATA_HOME=scratch, XDG_CACHE_HOME=scratch)

def want(k): return only is None or k in only

def row(label, app_v, floor_v, unit, fmt="%.1f"):
    ratio = app_v / floor_v if floor_v else float("nan")
    print("%-52s %10s %10s %8.2fx" % (label, (fmt % app_v) + unit, (fmt % floor_v) + unit, ratio), flush=True)

def run_rusage(cmd, extra_env=None):
    e = dict(env, **(extra_env or {}))
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, ru = os.wait4(p.pid, 0)
    err = p.stderr.read()
    return t0, time.monotonic() - t0, ru, err

def first_frame(cmd, extra_env=None):
    e = dict(env, WP_BENCH_FIRST_FRAME="1", **(extra_env or {}))
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:  # a build without the marker keeps running
        p.kill(); p.communicate()
        raise SystemExit("no first frame from %s" % cmd)
    ru = None
    for line in err.splitlines():
        if line.startswith("wp-bench first-frame"):
            _, _, ms, cpu = line.split()
            return float(ms) - t0 * 1000.0, float(cpu) * 1000.0
    raise SystemExit("no first frame from %s:\n%s" % (cmd, err))

def cpu_of(ru): return ru.ru_utime + ru.ru_stime

def paired(*makers, rounds=None):
    """Each maker run `rounds` (default `runs`) times, taking turns, forwards then backwards (a, b,
    b, a, a, b, ...): a drift in the machine's speed during the run (a shared machine) then weighs on
    both sides alike, and neither side always starts just after the other has exited (the X server is
    still tidying up after a client then)."""
    results = [[] for _ in makers]
    for i in range(rounds or runs):
        order = list(range(len(makers)))
        if i % 2: order.reverse()
        for k in order: results[k].append(makers[k]())
    return results

def fresh_cache():
    """An empty XDG_CACHE_HOME (no font atlas, no lint results, no GL shader cache): a first start."""
    return {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="cache-", dir=scratch)}

def frame_sample(cmd_for, extra_env=None):
    """CPU ms per frame, once: (CPU at 301 frames - CPU at 1 frame) / 300."""
    _, _, a, _ = run_rusage(cmd_for(1), extra_env)
    _, _, b, _ = run_rusage(cmd_for(301), extra_env)
    return (cpu_of(b) - cpu_of(a)) / 300 * 1000

def proc_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def proc_mem(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                k, v = line.split(":")
                out[k] = int(v.split()[0]) / 1024.0
    return out

def idle(cmd, setup=None, settle=3.0, seconds=10.0):
    """CPU seconds over `seconds` after `settle`, and RSS (MiB) at idle and its peak."""
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(settle)
        if setup: setup(p.pid); time.sleep(1.0)
        c0 = proc_cpu(p.pid)
        time.sleep(seconds)
        c1 = proc_cpu(p.pid)
        mem = proc_mem(p.pid)
    finally:
        p.terminate(); p.wait()
    return c1 - c0, mem.get("VmRSS", 0), mem.get("VmHWM", 0)

def click(x, y):
    def f(pid):
        wid = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(pid)], capture_output=True, text=True).stdout.split()
        if wid: subprocess.run(["xdotool", "windowactivate", "--sync", wid[0]], capture_output=True)
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], capture_output=True)
        subprocess.run(["xdotool", "mousemove", str(x + 3), str(y)], capture_output=True)
    return f

print("%-52s %10s %10s %9s" % ("measure (median)", "app", "floor", "ratio"))
if want("first"):
    try:
        # Every start after the first, as people start the app: the caches (the GL driver's shaders,
        # the app's fonts and lint results) filled by one start of each first. Short and noisy runs:
        # three times as many as the other rows.
        first_frame([app]), first_frame([floor])
        a, f = paired(lambda: first_frame([app]), lambda: first_frame([floor]), rounds=max(15, 3 * runs))
        row("start to first frame, wall (library)", statistics.median(x[0] for x in a), statistics.median(x[0] for x in f), " ms", "%.0f")
        row("start to first frame, CPU", statistics.median(x[1] for x in a), statistics.median(x[1] for x in f), " ms", "%.0f")
        # The first start on a machine (or after the cache was cleared): nothing cached on either side.
        a, f = paired(lambda: first_frame([app], fresh_cache()), lambda: first_frame([floor], fresh_cache()))
        row("  the first start: caches empty, wall", statistics.median(x[0] for x in a), statistics.median(x[0] for x in f), " ms", "%.0f")
        row("  the first start: caches empty, CPU", statistics.median(x[1] for x in a), statistics.median(x[1] for x in f), " ms", "%.0f")
    except SystemExit as e:
        print("(start to first frame: this build has no WP_BENCH_FIRST_FRAME)", flush=True)
    # Also for builds without the marker: a one-frame capture, start to exit (PNG encode included).
    shot = os.path.join(scratch, "one.png")
    a, f = paired(lambda: run_rusage([app, "--screenshot", shot, "--frames", "1"]), lambda: run_rusage([floor, "--frames", "1"]))
    row("one-frame --screenshot start to exit, wall", statistics.median(x[1] for x in a) * 1000, statistics.median(x[1] for x in f) * 1000, " ms", "%.0f")
    row("one-frame --screenshot start to exit, CPU", statistics.median(cpu_of(x[2]) for x in a) * 1000, statistics.median(cpu_of(x[2]) for x in f) * 1000, " ms", "%.0f")
    row("one-frame --screenshot peak RSS", statistics.median(x[2].ru_maxrss for x in a) / 1024, statistics.median(x[2].ru_maxrss for x in f) / 1024, " MiB")

if want("rss"):
    ai = idle([app], seconds=2)
    fi = idle([floor], seconds=2)
    row("peak RSS (library, interactive)", ai[2], fi[2], " MiB")
    row("RSS at interactive idle", ai[1], fi[1], " MiB")

if want("frames"):
    shot = os.path.join(scratch, "f.png")
    room = ["--room", "peter", "--room-script", "c,c,c,views,open,1a,2g,3e,reveal", "--projector-window"]
    # Every pixel of every frame drawn (WP_DAMAGE=off): the cost of a screen, as the bare window draws
    # its demo. The app itself redraws only what changed (frame_render.h): the kept-frame row below is a
    # frame in which nothing on screen changed (the frames after an event), all but the copy skipped.
    # The projector window redraws only when its picture changes (a console frame for a hover or a key
    # leaves it as it is); the second console row makes it redraw every frame, as at a reveal.
    whole = {"WP_DAMAGE": "off"}
    james = ["--plugin", "james", "--role", "dsl", "--choose", "dsl_off_roll,dsl_ask_on_return,dsl_consult", "--panel", "map"]
    screens = [
        ("Tina's debrief maps", ["--plugin", "tina", "--role", "dsl", "--screen", "debrief", "--section", "maps"], whole),
        ("Tina's debrief, maps scrolled away (path)", ["--plugin", "tina", "--role", "dsl", "--screen", "debrief", "--section", "path"], whole),
        ("James's map panel", james, whole),
        ("console + projector window at a reveal", room, whole),
        ("console + projector, both redrawn every frame", room, dict(whole, WP_PROJECTOR_REDRAW="always")),
        ("library", [], whole),
        ("James's map panel, nothing changed (kept frame)", james, None),
    ]
    # Round by round, the floor's demo frame then each screen's: every ratio is against floor frames
    # measured beside it, not minutes earlier.
    makers = [lambda: frame_sample(lambda n: [floor, "--demo", "--frames", str(n)])]
    for _, extra, extra_env in screens:
        makers.append(lambda extra=extra, extra_env=extra_env: frame_sample(
            lambda n: [app] + extra + ["--screenshot", shot, "--frames", str(n)], extra_env))
    samples = paired(*makers)
    floor_ms = statistics.median(samples[0])
    for (label, _, _), values in zip(screens, samples[1:]):
        row("CPU per frame, " + label, statistics.median(values), floor_ms, " ms", "%.2f")

if want("idle"):
    f_idle = idle([floor])[0]
    f_text = idle([floor, "--text"])[0]
    for label, cmd, setup, floor_v in [
        ("idle CPU per 10 s, library", [app], None, f_idle),
        ("idle CPU per 10 s, reflection box focused", [app, "--plugin", "peter", "--role", "dsl", "--screen", "debrief", "--section", "reflection"], click(800, 640), f_text),
        ("idle CPU per 10 s, vote timer + projector window", [app, "--room", "peter", "--timer", "120", "--room-script", "c,c,c,open", "--projector-window"], None, f_idle),
    ]:
        v = idle(cmd, setup)[0]
        print("%-52s %10s %10s %9s" % (label, "%.2f s" % v, "%.2f s" % floor_v, "goal 0.1"), flush=True)

if want("cases"):
    # Start-up with 50 more installed cases (copies of Peter's under other ids) against the bundled three.
    plugins = os.path.join(scratch, "plugins")
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "plugins", "peter")
    for i in range(50):
        d = os.path.join(plugins, "copy%02d" % i)
        shutil.copytree(src, d)
        with open(os.path.join(d, "plugin.json")) as f: m = json.load(f)
        m["id"] = "copy%02d" % i
        with open(os.path.join(d, "plugin.json"), "w") as f: json.dump(m, f)
    try:
        base, many = paired(lambda: first_frame([app]), lambda: first_frame([app, "--plugins", plugins]))
        row("start to first frame, 53 cases vs 3, wall", statistics.median(x[0] for x in many), statistics.median(x[0] for x in base), " ms", "%.0f")
        row("start to first frame, 53 cases vs 3, CPU", statistics.median(x[1] for x in many), statistics.median(x[1] for x in base), " ms", "%.0f")
    except SystemExit:
        print("(53 cases: this build has no WP_BENCH_FIRST_FRAME)", flush=True)
    # A screenshot waits for every case (reproducible captures), parsing each; the lint comes from the
    # cache ($XDG_CACHE_HOME/wholepicture/lint) that an interactive start fills after its first frame.
    idle([app, "--plugins", plugins], settle=4.0, seconds=0.1)
    shot = os.path.join(scratch, "cases.png")
    base, many = paired(lambda: run_rusage([app, "--screenshot", shot, "--frames", "1"]),
                        lambda: run_rusage([app, "--plugins", plugins, "--screenshot", shot, "--frames", "1"]))
    row("one-frame --screenshot, 53 cases vs 3 (warm cache), CPU", statistics.median(cpu_of(x[2]) for x in many) * 1000,
        statistics.median(cpu_of(x[2]) for x in base) * 1000, " ms", "%.0f")
