B = []; A = []; D = []; X = []; Y = []; S = []   # allocated in this order
B.append(A); A.append(B); A.append(D)           # A <-> B, A -> D
X.append(Y); Y.append(X)                        # a two-cycle
S.append(S)                                     # a self-cycle
del B, D, X, Y, S                               # the program keeps only A
