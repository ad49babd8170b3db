import gc
one = 1
print("gc.get_referents([1, 2, 3]):   ", gc.get_referents([1, 2, 3]))
print("gc.get_referents((one, 2, 3)): ", gc.get_referents((one, 2, 3)))
