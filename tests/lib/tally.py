"""The pass/fail count a suite keeps and ends with: `N passed, N failed`, the
line tests/run_tests.sh adds up (and `FAIL` lines it shows from the log)."""


class Tally:
    def __init__(self, prefix="", show_passes=False, max_problems=6):
        self.prefix, self.show_passes, self.max_problems = prefix, show_passes, max_problems
        self.passed = self.failed = 0

    def report(self, name, problems):
        """One check: a pass when problems is empty, else a failure listing them."""
        if problems:
            self.failed += 1
            print("FAIL %s%s" % (self.prefix, name))
            for p in problems[:self.max_problems]:
                print("    %s" % (p,))
            if len(problems) > self.max_problems:
                print("    ... %d more" % (len(problems) - self.max_problems))
        else:
            self.passed += 1
            if self.show_passes:
                print("PASS %s%s" % (self.prefix, name))

    def summary(self):
        """Prints the closing line; true when nothing failed."""
        print("%d passed, %d failed" % (self.passed, self.failed))
        return self.failed == 0
