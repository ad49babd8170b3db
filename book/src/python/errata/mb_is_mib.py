import tracemalloc

# ANCHOR: seed
tracemalloc.start()
data = bytes(10_000_000)                        # ten million bytes: 10 MB
current, peak = tracemalloc.get_traced_memory()
print(f"Current memory: {current / 1024 / 1024:.2f} MB")
# ANCHOR_END: seed
# ANCHOR: fixed
print(f"Current memory: {current / 1024 / 1024:.2f} MiB = {current / 1e6:.2f} MB")
tracemalloc.stop()
# ANCHOR_END: fixed
