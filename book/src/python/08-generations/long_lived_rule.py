import gc

class Node:
    pass

log = []
def record(phase, info):
    if phase == "start":
        log.append((info["generation"], gc.get_count()[2]))

def run(make_garbage):
    gc.disable()
    gc.collect()                  # long_lived_total := the objects that survive this
    total = len(gc.get_objects())
    kept = []
    log.clear()
    gc.callbacks.append(record)
    gc.set_threshold(100, 1, 1)   # gen 1 when count[1] > 1, gen 2 when count[2] > 1
    gc.enable()
    for _ in range(6000):
        n = Node()
        if make_garbage:
            n.me = n              # a self-cycle: dies at the next collection
        else:
            kept.append(n)        # lives on: long-lived
    gc.disable()
    gc.callbacks.remove(record)
    gc.set_threshold(700, 10, 10)
    print("garbage" if make_garbage else "kept", f"(about {total} objects survived the full collection):")
    print("  generations collected:", "".join(str(g) for g, _ in log))
    print("  count[2] when each gen-1 or gen-2 collection started:",
          [c2 for g, c2 in log if g > 0])

run(make_garbage=True)
run(make_garbage=False)
