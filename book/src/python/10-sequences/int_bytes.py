import sys
import tracemalloc

N = 10_000
texts = [str(i) for i in range(1000, 1000 + N)]
raw = [i.to_bytes(4, "little") for i in range(1000, 1000 + N)]   # 2 significant bytes
texts10 = [str(i) for i in range(10**9, 10**9 + N)]                # 10 decimal digits, < 2**30
raw_big = [i.to_bytes(4, "little") for i in range(2**24, 2**24 + N)]  # 4 significant bytes
holder = [None] * N

def per_int(label, make):
    """Traced bytes per int object that `make` stores in `holder`."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    make()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"{label:<36} getsizeof {sys.getsizeof(holder[-1])}   traced {(after - before) / N:.2f} bytes per int")

def squares():
    for i in range(N):
        holder[i] = (i + 1000) ** 2
def products():
    for i in range(N):
        k = i + 1000
        holder[i] = k * k
def from_range():
    for k, i in zip(range(N), range(1000, 1000 + N)):
        holder[k] = i
def from_str():
    for i in range(N):
        holder[i] = int(texts[i])
def from_bytes():
    for i in range(N):
        holder[i] = int.from_bytes(raw[i], "little")
def from_str10():
    for i in range(N):
        holder[i] = int(texts10[i])
def from_bytes_big():
    for i in range(N):
        holder[i] = int.from_bytes(raw_big[i], "little")
def from_enumerate():
    for i, _ in enumerate(range(1000 + N)):
        if i >= 1000:
            holder[i - 1000] = i

per_int("(i + 1000) ** 2", squares)
per_int("k * k", products)
per_int("iterating range(1000, 1000 + N)", from_range)
per_int("int(text), 4 or 5 digits", from_str)
per_int("int.from_bytes, 2 significant bytes", from_bytes)
per_int("int(text), 10 digits", from_str10)
per_int("int.from_bytes, 4 significant bytes", from_bytes_big)
per_int("enumerate(...) index", from_enumerate)
