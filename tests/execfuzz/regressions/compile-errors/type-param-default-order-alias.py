class C:
	type X[T = int, U] = int
