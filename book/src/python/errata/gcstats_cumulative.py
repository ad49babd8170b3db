from seed_gc import GCStats, demonstrate_gc

# ANCHOR: seed
print("before any code of ours:", [s["collections"] for s in GCStats.get_stats()["stats"]])
# ANCHOR_END: seed
# ANCHOR: fixed
before = GCStats.get_stats()["stats"]
demonstrate_gc()                       # two objects, both in generation 0
after = GCStats.get_stats()["stats"]
for g in range(3):
    print(f"generation {g}: +{after[g]['collections'] - before[g]['collections']} collections,"
          f" +{after[g]['collected'] - before[g]['collected']} collected")
# ANCHOR_END: fixed
