import sys

n = 1_000_000
# ANCHOR: seed
generator_data = (i for i in range(n))
print(f"Generator: {sys.getsizeof(generator_data)} bytes")
# ANCHOR_END: seed
# ANCHOR: fixed
try:
    len(generator_data)
except TypeError as error:
    print("len(generator_data):", error)
print("first pass sums to", sum(generator_data))
print("second pass sums to", sum(generator_data), "(a generator runs once)")
# ANCHOR_END: fixed
