import tracemalloc

def make_buffer(n):
    return bytearray(n)                      # every caller's allocation happens here

def parse():
    return [make_buffer(1000) for _ in range(100)]

def render():
    return [make_buffer(1000) for _ in range(300)]

# ANCHOR: seed
tracemalloc.start()                          # the seed's start(): one frame per trace
kept = parse(), render()
for stat in tracemalloc.take_snapshot().statistics('lineno')[:1]:
    frame = stat.traceback[0]
    print(f"lineno, 1 frame: line {frame.lineno} ({stat.size // 1000} kB) - but who called it?")
tracemalloc.stop()
# ANCHOR_END: seed
# ANCHOR: fixed
tracemalloc.start(5)                         # keep five frames per trace
kept = parse(), render()
for stat in tracemalloc.take_snapshot().statistics('traceback')[:2]:
    callers = [f.lineno for f in stat.traceback]
    print(f"traceback, 5 frames: {stat.size // 1000} kB from lines {callers}")
tracemalloc.stop()
# ANCHOR_END: fixed
