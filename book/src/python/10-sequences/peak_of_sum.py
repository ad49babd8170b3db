import array
import tracemalloc

n = 1_000_000

def peak(label, work):
    """Run `work` under tracemalloc and print its result and the peak it reached."""
    tracemalloc.start()
    result = work()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<40} = {result}   peak {top:>11,} bytes")

peak("sum([i * i for i in range(n)])", lambda: sum([i * i for i in range(n)]))
peak("sum(array('q', (i * i ...)))", lambda: sum(array.array('q', (i * i for i in range(n)))))
peak("sum(i * i for i in range(n))", lambda: sum(i * i for i in range(n)))
