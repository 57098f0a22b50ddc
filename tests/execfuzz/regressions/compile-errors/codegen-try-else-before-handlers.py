try:
    pass
except E:
    f(a=1, a=2)
else:
    async for x in y: pass
