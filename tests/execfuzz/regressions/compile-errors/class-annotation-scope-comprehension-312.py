class C:
    class D[T: [x for x in y]]:
        [y := 1 for y in z]
