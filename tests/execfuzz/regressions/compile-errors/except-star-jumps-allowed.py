try:
    pass
except* E:
    for x in y:
        break
    def f():
        return 1
