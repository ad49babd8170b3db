import gc

class Obj:
    pass

made = []
fired = []
def report(phase, info):
    if phase == "start":
        fired.append((info["generation"], len(made)))

gc.disable()
gc.collect()            # count[0] is now 0
gc.callbacks.append(report)
gc.enable()
for _ in range(2000):
    made.append(Obj())
gc.callbacks.remove(report)
print("threshold:", gc.get_threshold())
for generation, already in fired:
    print(f"generation {generation} collected while making object number {already + 1}")
