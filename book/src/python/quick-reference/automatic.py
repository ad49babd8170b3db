import gc

class Obj:
    pass

made = []
fired = []
def report(phase, info):
    if phase == "start":
        fired.append((info["generation"], len(made) + 1))

threshold = gc.get_threshold()[0]
steps = range(12 * (threshold + 1))
gc.disable()
gc.collect()            # count[0] is now 0
gc.callbacks.append(report)
gc.enable()
for _ in steps:
    made.append(Obj())
gc.callbacks.remove(report)
print("threshold:", gc.get_threshold())
print("first automatic collection: generation", fired[0][0], "while making object", fired[0][1])
print("generations of the first 12:", [generation for generation, _ in fired[:12]])
