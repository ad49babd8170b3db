import gc
from seed import create_circular_reference
made = []
def report(phase, info):
    if phase == "stop":
        print(f"  [gc: generation {info['generation']} collected {info['collected']}"
              f" after {len(made)} more lists]")
gc.callbacks.append(report)
print("gc.get_threshold():", gc.get_threshold())
create_circular_reference()
print("returned; gc.get_count():", gc.get_count())
for _ in range(1000):
    made.append([])
print("end of the script")
