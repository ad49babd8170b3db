import gc
gc.disable()
gc.collect()                      # everything that exists now goes to generation 2

B = []; A = []; D = []; X = []; Y = []; S = []   # allocated in this order: generation 0
B.append(A); A.append(B); A.append(D)           # A <-> B, A -> D
X.append(Y); Y.append(X)                        # a two-cycle
S.append(S)                                     # a self-cycle
name = {id(o): n for n, o in zip("BADXYS", (B, A, D, X, Y, S))}
print("generation 0 before:", [name[id(o)] for o in gc.get_objects(0) if id(o) in name])
del B, D, X, Y, S                               # the program keeps only A

gc.set_debug(gc.DEBUG_SAVEALL)                  # keep the garbage in gc.garbage, to look at
print("gc.collect(0) ->", gc.collect(0))
print("garbage, in order:   ", [name[id(o)] for o in gc.garbage])
print("generation 1 after:  ", [name[id(o)] for o in gc.get_objects(1) if id(o) in name])
