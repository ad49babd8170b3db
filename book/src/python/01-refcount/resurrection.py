saved = []

class Phoenix:
    def __del__(self):
        print("__del__ runs; it stores self")
        saved.append(self)

p = Phoenix()
del p
print("after del p, objects brought back:", len(saved))
saved.clear()
print("after saved.clear(): __del__ did not run again")
