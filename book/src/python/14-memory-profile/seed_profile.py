# The seed's memory_profile decorator and its example function, verbatim (MemoryProfiler left out: unused).
import tracemalloc
import time
from functools import wraps
from typing import Callable

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
