class Loud:
    def __init__(self, name): self.name = name
    def __del__(self): print(f"del {self.name}")

def g():
    if False:
        b = None          # b's first appearance: it gets the first slot
    a = Loud("a")
    b = Loud("b")
    print("slots:", g.__code__.co_varnames)

g()
