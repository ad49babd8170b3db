import gc

gc.disable()            # no automatic collection from here on: only gc.collect() below

class C:
    pass

for label, x in [("42", 42), ("'s'", "s"), ("[]", []), ("{}", {}),
                 ("{'k': 1}", {"k": 1}), ("{'k': []}", {"k": []}), ("C()", C())]:
    print(label, gc.is_tracked(x))
one = 1
t = (one, 2)            # a new tuple, built now (a constant (1, 2) is built by the compiler)
print("(1, 2) before a collection:", gc.is_tracked(t))
gc.collect()
print("(1, 2) after:", gc.is_tracked(t))
print("get_referents([1, 2, 3]):", gc.get_referents([1, 2, 3]))
