from seed_gc import demonstrate_gc
junk = []
junk.append(junk)   # an unrelated self-cycle, left behind
del junk
demonstrate_gc()
