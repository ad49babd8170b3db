import sys
squares = [i ** 2 for i in range(1000000)]
ints = sum(sys.getsizeof(x) for x in squares if x > 256)
print("list:", sys.getsizeof(squares), "bytes; int objects:", ints, "bytes; total:",
      f"{(sys.getsizeof(squares) + ints) / 1024 / 1024:.2f} MiB")
