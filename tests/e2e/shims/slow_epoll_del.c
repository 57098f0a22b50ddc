/*
 * slow_epoll_del.so — an LD_PRELOAD shim for test_hardening's
 * stop_signal_while_clients_connect: the main thread's EPOLL_CTL_DEL waits
 * 50 ms before it happens, as a preempted thread would on a loaded machine.
 * That turns a race libmicrohttpd 0.9.75 loses at random (its
 * MHD_quiesce_daemon() and a polling thread both removing the listening
 * socket from an epoll set; the loser's ENOENT is an MHD_PANIC()) into one
 * it loses every time, so the test fails on a heapd that quiesces.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
    static int (*real)(int, int, int, struct epoll_event *);
    if (!real)
        real = (int (*)(int, int, int, struct epoll_event *))dlsym(RTLD_NEXT, "epoll_ctl");
    if (op == EPOLL_CTL_DEL && syscall(SYS_gettid) == getpid())
        usleep(50 * 1000);
    return real(epfd, op, fd, event);
}
