def f[T = int, __debug__](): pass
