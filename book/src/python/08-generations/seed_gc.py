import gc
import weakref
from typing import Any, Dict

class GCStats:
    """Helper to monitor garbage collection."""

    @staticmethod
    def get_stats() -> Dict:
        """Get current GC statistics."""
        return {
            'counts': gc.get_count(),
            'threshold': gc.get_threshold(),
            'garbage': len(gc.garbage),
            'stats': gc.get_stats()
        }

    @staticmethod
    def print_stats():
        """Print formatted GC statistics."""
        stats = GCStats.get_stats()
        print("=== GC Statistics ===")
        print(f"Counts (gen0, gen1, gen2): {stats['counts']}")
        print(f"Thresholds: {stats['threshold']}")
        print(f"Garbage objects: {stats['garbage']}")

        for i, gen_stat in enumerate(stats['stats']):
            print(f"\nGeneration {i}:")
            print(f"  Collections: {gen_stat['collections']}")
            print(f"  Collected: {gen_stat['collected']}")
            print(f"  Uncollectable: {gen_stat['uncollectable']}")

class CircularRef:
    """Class demonstrating circular reference handling."""

    def __init__(self, name: str):
        self.name = name
        self.partner = None
        print(f"Created CircularRef: {name}")

    def __repr__(self):
        return f"CircularRef({self.name})"

    def __del__(self):
        print(f"Deleting CircularRef: {self.name}")

def demonstrate_gc():
    """Demonstrate garbage collection behavior."""
    # Disable GC for manual control
    gc.disable()

    try:
        # Create objects
        a = CircularRef("A")
        b = CircularRef("B")

        # Create circular reference
        a.partner = b
        b.partner = a

        # Remove local references
        del a
        del b

        # Objects still exist due to circular reference
        print(f"Garbage count: {len(gc.garbage)}")

        # Manually run GC
        collected = gc.collect()
        print(f"Objects collected: {collected}")

    finally:
        gc.enable()
