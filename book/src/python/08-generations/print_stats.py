from gcstats import GCStats
GCStats.print_stats()
