import gc
gc.disable()
gc.collect()                      # a full collection also empties the free lists
keep = [None] * 100
c0 = gc.get_count()[0]
for i in range(100):
    keep[i] = []                  # 100 new empty lists
c1 = gc.get_count()[0]
for i in range(100):
    keep[i] = None                # free them again
c2 = gc.get_count()[0]
for i in range(100):
    keep[i] = []                  # and make 100 more
c3 = gc.get_count()[0]
print("100 new lists:", c1 - c0, "  freeing them:", c2 - c1, "  100 new lists again:", c3 - c2)
