import ctypes

def buffer_address(buf):
    return ctypes.addressof(ctypes.c_char.from_buffer(buf))

addresses = set()
for _ in range(1000):
    buf = bytearray(4096)
    addresses.add(buffer_address(buf))
    del buf
print("1,000 fresh bytearray(4096), one after another: distinct buffer addresses:", len(addresses))
