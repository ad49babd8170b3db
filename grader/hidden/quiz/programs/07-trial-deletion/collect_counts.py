import gc

class Pair:
    def __init__(self, name):
        self.name = name

def make_pair(touch_dict):
    a = Pair("a"); b = Pair("b")
    a.partner = b; b.partner = a
    if touch_dict:
        a.__dict__; b.__dict__

gc.disable()
gc.collect()
make_pair(False)
print("pair:", gc.collect())
make_pair(True)
print("pair, __dict__ read:", gc.collect())
junk = []
junk.append(junk)
del junk
make_pair(False)
print("pair and a self-cycle:", gc.collect())
print("gc.garbage:", gc.garbage)
