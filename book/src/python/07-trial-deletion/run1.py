from seed_gc import demonstrate_gc
demonstrate_gc()
