# What a fresh interpreter reports before any code of ours runs: with the site module
# (the default) and without it (-S).
import subprocess
import sys

for flags in ([], ["-S"]):
    command = [sys.executable, *flags, "-c", "import gc; print(gc.get_stats())"]
    print("$ python3", *flags, '-c "import gc; print(gc.get_stats())"')
    print(subprocess.run(command, capture_output=True, text=True).stdout, end="")
