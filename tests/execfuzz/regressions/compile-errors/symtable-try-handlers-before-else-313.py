try:
    pass
except E:
    def f(a, a): pass
else:
    [y := 1 for y in z]
