class Loud:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

def f():
    a = Loud("a"); b = Loud("b")
    print("returning")

f()
items = [Loud("first"), Loud("second"), Loud("third")]
del items
print("done")
