for x in y:
    try:
        pass
    except* E:
        pass
    except* F as e:
        if y:
            continue
