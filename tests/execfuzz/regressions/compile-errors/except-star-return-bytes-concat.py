def f():
    try:
        pass
    except* E:
        return b"a" + b"c" + b"d"
