def f():
    try:
        pass
    except* E:
        return (1, -2.5, not "x") + ()

def g():
    try:
        pass
    except* E:
        return 1 + 2
