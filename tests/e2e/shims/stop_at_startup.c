/*
 * stop_at_startup.so — an LD_PRELOAD shim for test_hardening's
 * stop_signal_during_startup: heapd's first look at its open-file limit
 * (getrlimit(RLIMIT_NOFILE), midway through its startup, before it listens)
 * sends heapd a SIGTERM, as a supervisor stopping heapd right after starting
 * it would. A heapd that installs its stop signals' handler only after that
 * point dies of the signal (status -15) instead of exiting 0.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

int getrlimit(__rlimit_resource_t resource, struct rlimit *rlim)
{
    static int (*real)(__rlimit_resource_t, struct rlimit *);
    static int sent;
    if (!real)
        real = (int (*)(__rlimit_resource_t, struct rlimit *))dlsym(RTLD_NEXT, "getrlimit");
    if (resource == RLIMIT_NOFILE && !sent) {
        sent = 1;
        kill(getpid(), SIGTERM);
    }
    return real(resource, rlim);
}
