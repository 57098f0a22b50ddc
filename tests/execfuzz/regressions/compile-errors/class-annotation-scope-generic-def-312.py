class C:
    def f[T](x=[y for y in z]) -> (lambda: 1): pass
