import os
import re
import subprocess
import sys
import tempfile

def rss_mib():
    """Resident set size of this process, in MiB, from Linux's /proc."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def arenas():
    """pymalloc's arenas now allocated (1 MiB each), from sys._debugmallocstats() (it writes to fd 2)."""
    with tempfile.TemporaryFile() as report:
        saved = os.dup(2)
        os.dup2(report.fileno(), 2)
        sys._debugmallocstats()
        os.dup2(saved, 2)
        os.close(saved)
        report.seek(0)
        return int(re.search(rb"arenas allocated current\s*=\s*(\d+)", report.read())[1])

def at_least(value, bound, unit=""):
    return f"over {bound}{unit}" if value > bound else f"{value:.0f}{unit}, not over {bound}{unit}"

def at_most(value, bound, unit=""):
    return f"under {bound}{unit}" if value < bound else f"{value:.0f}{unit}, not under {bound}{unit}"

def run(keep_every):
    floats = [float(i) for i in range(3_000_000)]
    rss, held = rss_mib(), arenas()
    print(f"3,000,000 floats: RSS {at_least(rss, 100, ' MiB')}, arenas {at_least(held, 90)}")
    survivors = floats[::keep_every] if keep_every else []
    del floats
    if keep_every:
        print(f"  1 in {keep_every:,} kept ({len(survivors):,} floats):"
              f" RSS {at_least(100 * rss_mib() / rss, 75, ' %')} of that,"
              f" arenas freed: {held - arenas()}")
    else:
        print(f"  all freed: RSS {at_most(100 * rss_mib() / rss, 20, ' %')} of that,"
              f" arenas left {at_most(arenas(), 10)}")

if len(sys.argv) > 1:
    run(int(sys.argv[1]))
else:                                         # each case in a fresh interpreter
    for keep_every in (0, 1000):
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, str(keep_every)], check=True)
