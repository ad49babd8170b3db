# The seed's "Memory Profiling" listing up to its usage, verbatim.
import tracemalloc
import linecache
from typing import Callable, Any
from functools import wraps
import time

class MemoryProfiler:
    """Memory profiling utilities."""
    
    @staticmethod
    def start():
        """Start memory tracing."""
        tracemalloc.start()
    
    @staticmethod
    def get_stats():
        """Get current memory statistics."""
        return tracemalloc.get_traced_memory()
    
    @staticmethod
    def print_stats():
        """Print formatted memory statistics."""
        current, peak = tracemalloc.get_traced_memory()
        print(f"Current memory: {current / 1024 / 1024:.2f} MB")
        print(f"Peak memory: {peak / 1024 / 1024:.2f} MB")
    
    @staticmethod
    def take_snapshot():
        """Take memory snapshot."""
        return tracemalloc.take_snapshot()
    
    @staticmethod
    def print_top_allocations(snapshot, top_n: int = 10):
        """Print top memory allocations."""
        stats = snapshot.statistics('lineno')
        
        print(f"\nTop {top_n} memory allocations:")
        for i, stat in enumerate(stats[:top_n], 1):
            print(f"{i}. {stat}")

def memory_profile(func: Callable) -> Callable:
    """Decorator to profile memory usage."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        tracemalloc.start()
        
        start_time = time.perf_counter()
        result = func(*args, **kwargs)
        end_time = time.perf_counter()
        
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        
        print(f"\n=== Memory Profile: {func.__name__} ===")
        print(f"Execution time: {end_time - start_time:.4f}s")
        print(f"Current memory: {current / 1024 / 1024:.2f} MB")
        print(f"Peak memory: {peak / 1024 / 1024:.2f} MB")
        
        return result
    return wrapper

@memory_profile
def memory_intensive_operation():
    """Example memory-intensive operation."""
    # Create large list
    large_list = [i ** 2 for i in range(1000000)]
    
    # Process data
    result = sum(large_list)
    
    return result
