class C:
    type X[T] = lambda: 1
