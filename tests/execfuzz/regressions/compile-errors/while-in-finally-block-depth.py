try:
    pass
finally:
    while 0:
        x: int = 1
