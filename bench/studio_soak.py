#!/usr/bin/env python3
"""A soak of the real studio, driven through tmux as a person would drive it.

1. Makes TAKES takes in one studio process (models/mini or a tiny bundle, playback on ALSA's null
   device) and samples the process's resident memory after each: the growth after the first
   WARMUP takes must stay within 5% (a leak of a take's buffers, mel or undo state would grow
   it by the take's size each time).
2. While a long take is being generated, presses a key that changes the screen (the help
   overlay, on and off) KEYS times and measures how long each takes to show: the studio must
   answer while the engine works (median and worst, target 50 ms).

Timing is measured from just before `tmux send-keys` to the first `capture-pane` that shows the
change, so it includes tmux's own delivery and the polling step (a capture takes ~2-4 ms here);
the figures are an upper bound on the studio's own latency.

    python3 bench/studio_soak.py [--bin .build/release/clipsonic] [--bundle DIR] [--takes 200]
                                 [--keys 100] [--json out.json]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Steps of the take generated while keys are pressed: the most every sampler allows, so that it
# lasts through the presses on a fast bundle too.
LONG_STEPS = 999


class Pane:
    def __init__(self, work):
        self.socket = f"clipsonic-soak-{os.getpid()}"
        self.conf = os.path.join(work, "tmux.conf")
        with open(self.conf, "w") as f:
            f.write("set -g default-terminal tmux-256color\n")

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", self.conf, *args],
                              check=check, capture_output=True, text=True).stdout

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "studio", check=False)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "studio", *keys)

    def text(self, text):
        self.tmux("send-keys", "-t", "studio", "-l", "--", text)

    def wait(self, predicate, what, seconds=120):
        deadline = time.monotonic() + seconds
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                sys.exit(f"studio_soak: waited {seconds} s for {what}; the screen:\n{screen}")
            time.sleep(0.002)

    def wait_for(self, text, seconds=120):
        return self.wait(lambda s: text in s, repr(text), seconds)

    def command(self, line, expect):
        self.keys(":")
        self.text(line)
        self.keys("Enter")
        self.wait_for(expect)

    def close(self):
        self.tmux("kill-server", check=False)


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release/clipsonic"))
    parser.add_argument("--bundle", default=os.path.join(ROOT, "models/mini"),
                        help="default: models/mini; 'tiny' for a fresh tiny random-weight bundle")
    parser.add_argument("--takes", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--keys", type=int, default=100)
    parser.add_argument("--steps", type=int, default=4, help="denoising steps of each soak take")
    parser.add_argument("--json")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"studio_soak: no clipsonic binary at {args.bin}; build it: swift build -c release --product clipsonic")
    if shutil.which("tmux") is None:
        sys.exit("studio_soak: needs tmux (apt-get install tmux)")

    work = tempfile.mkdtemp(prefix="clipsonic-soak-")
    pane = Pane(work)
    try:
        bundle = args.bundle
        if bundle == "tiny":
            bundle = os.path.join(work, "tiny")
            subprocess.run([args.bin, "random-bundle", bundle, "--tokenizer",
                            os.path.join(ROOT, "models/vocab/bpe_simple_vocab_16e6.txt")],
                           check=True, capture_output=True)
        pidfile = os.path.join(work, "pid")
        runner = os.path.join(work, "run.sh")
        with open(runner, "w") as f:
            f.write(f"""#!/usr/bin/env bash
sh -c 'echo $$ > "{pidfile}"; exec "$0" "$@"' "{args.bin}" studio --session "{work}/session/session.json" \\
  --bundle "{bundle}" --device null 2> "{work}/stderr"
exec sleep 600
""")
        env = (f"env -i PATH={os.environ['PATH']} HOME={work}/home XDG_CONFIG_HOME={work}/config "
               f"XDG_DATA_HOME={work}/data LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color")
        pane.tmux("new-session", "-d", "-s", "studio", "-x", "120", "-y", "40", f"{env} bash {runner}")
        deadline = time.monotonic() + 30
        while not (os.path.exists(pidfile) and open(pidfile).read().strip()):
            if time.monotonic() > deadline:
                sys.exit("studio_soak: the studio did not start")
            time.sleep(0.05)
        pid = int(open(pidfile).read())
        pane.wait_for("engine ready")
        pane.command("set autoplay=off", "engine ready")
        pane.command("set autoplay", "autoplay=off")
        pane.command(f"set steps={args.steps}", f"Steps {args.steps}")
        pane.keys("e")
        pane.text("rain on a tin roof")
        pane.keys("Enter")
        pane.wait_for("Prompt   rain on a tin roof")

        rss = []
        started = time.monotonic()
        for n in range(1, args.takes + 1):
            pane.keys("g")
            pane.wait_for(f"take {n} saved", seconds=300)
            rss.append(resident_kib(pid))
        soak_seconds = time.monotonic() - started
        base = rss[args.warmup - 1]
        growth = (max(rss[args.warmup:]) - base) / base if len(rss) > args.warmup else 0.0

        # A take long enough to press every key while it is generated.
        pane.command(f"set steps={LONG_STEPS}", f"Steps {LONG_STEPS}")
        pane.keys("g")
        pane.wait_for(f"/{LONG_STEPS} denoising")
        latencies = []
        for _ in range(args.keys):
            for showing in (True, False):
                sent = time.monotonic()
                pane.keys("?")
                pane.wait(lambda s: ("Help — " in s) == showing, "the help overlay to " + ("open" if showing else "close"))
                latencies.append((time.monotonic() - sent) * 1000)
            if f"/{LONG_STEPS} denoising" not in pane.screen():
                sys.exit("studio_soak: the long take ended before the key presses did; raise its steps")
        pane.keys("Escape")
        pane.keys("q")
    finally:
        pane.close()
        if os.environ.get("KEEP"):
            print(f"studio_soak: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    result = {
        "takes": args.takes, "warmup": args.warmup, "soak_seconds": round(soak_seconds, 1),
        "rss_kib_first": rss[0], "rss_kib_after_warmup": base, "rss_kib_last": rss[-1],
        "rss_kib_max_after_warmup": max(rss[args.warmup:]) if len(rss) > args.warmup else base,
        "rss_growth_after_warmup": round(growth, 4),
        "keys": len(latencies), "latency_ms_median": round(statistics.median(latencies), 1),
        "latency_ms_p95": round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 1),
        "latency_ms_worst": round(max(latencies), 1),
    }
    print(f"{args.takes} takes in {soak_seconds:.0f} s; resident memory {rss[0] // 1024} MiB after take 1, "
          f"{base // 1024} MiB after take {args.warmup}, {rss[-1] // 1024} MiB after take {args.takes}: "
          f"growth after take {args.warmup} {growth * 100:.1f}% (target <= 5%)")
    print(f"{len(latencies)} key presses while generating: median {result['latency_ms_median']} ms, "
          f"95th percentile {result['latency_ms_p95']} ms, worst {result['latency_ms_worst']} ms (target <= 50 ms)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0 if growth <= 0.05 and result["latency_ms_worst"] <= 50 else 1


if __name__ == "__main__":
    sys.exit(main())
