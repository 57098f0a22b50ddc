for x in y:
    with a:
        try:
            pass
        except* E:
            with b:
                break
