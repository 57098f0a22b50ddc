try:
    pass
finally:
    while x:
        while x:
            while x:
                while x:
                    while x:
                        while x:
                            while x:
                                while x:
                                    while x:
                                        while x:
                                            while x:
                                                while x:
                                                    while x:
                                                        while x:
                                                            while x:
                                                                while x:
                                                                    while x:
                                                                        while x:
                                                                            while x:
                                                                                while x:
                                                                                    pass
