import gc
from seed_gc import demonstrate_gc

# ANCHOR: seed
junk = []
junk.append(junk)        # an unrelated self-cycle, left behind
del junk
demonstrate_gc()         # "Objects collected: 3" for a demo of two objects
# ANCHOR_END: seed
# ANCHOR: fixed
print("-- with the old garbage collected first:")
junk = []
junk.append(junk)
del junk
gc.collect()             # clear what was pending before the demo
demonstrate_gc()
# ANCHOR_END: fixed
