from seed_gc import GCStats, demonstrate_gc

before = GCStats.get_stats()
demonstrate_gc()
after = GCStats.get_stats()
for key in ("counts", "garbage"):
    print(f"{key}: {before[key]} -> {after[key]}")
for g in range(3):
    print(f"generation {g}: {before['stats'][g]} -> {after['stats'][g]}")
