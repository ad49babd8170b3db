import sys
import tracemalloc

def traced_per_int(label, make, n=10_000):
    """Bytes tracemalloc sees per int kept, for n ints made one way (all above 256)."""
    kept = [None] * n               # the list is allocated before measuring
    tracemalloc.start()
    for i, value in zip(range(n), make(n)):
        kept[i] = value
    current = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"  {label:<32} getsizeof {sys.getsizeof(kept[-1])}, traced {current / n:.0f} bytes each")

print("getsizeof(2**30 - 1), (2**60 - 1), (2**90 - 1):",
      sys.getsizeof(2**30 - 1), sys.getsizeof(2**60 - 1), sys.getsizeof(2**90 - 1))
print("ints between 257 and 2**30 - 1, by how they are made:")
traced_per_int("arithmetic: i * i + 1000", lambda n: (i * i + 1000 for i in range(n)))
traced_per_int("iterating range(1000, ...)", lambda n: iter(range(1000, 1000 + n)))
traced_per_int("int(str(i)), 4 or 5 digits", lambda n: (int(str(i + 1000)) for i in range(n)))
traced_per_int("int(str(i)), 10 digits", lambda n: (int(str(i + 10**9)) for i in range(n)))
traced_per_int("int.from_bytes, 2 significant", lambda n: (int.from_bytes((i + 1000).to_bytes(4, "little"), "little") for i in range(n)))
traced_per_int("int.from_bytes, 4 significant", lambda n: (int.from_bytes((i + 2**24).to_bytes(4, "little"), "little") for i in range(n)))
traced_per_int("enumerate(..., 1000)", lambda n: (i for i, _ in enumerate(range(n), 1000)))
small = [int(text) for text in ("-6", "-5", "256", "257")]
again = [int(text) for text in ("-6", "-5", "256", "257")]
print("one object for both int(text)?", ", ".join(f"{x}: {x is y}" for x, y in zip(small, again)))
