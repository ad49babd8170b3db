class Loud:
    def __init__(self, name): self.name = name
    def __del__(self): print(f"del {self.name}")

def f():
    a = Loud("a"); b = Loud("b"); c = Loud("c")
    print("returning")

f()
x = [Loud("first"), Loud("second")]
del x
