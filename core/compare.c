/*
 * compare.c — PyObject_RichCompareBool(a, b, Py_EQ): the identity shortcut,
 * Py_EnterRecursiveCall(" in comparison"), then each side's eq slot
 * (do_richcompare: the left operand's, then the reflected one), then
 * identity (object_richcompare).
 */
#include "heap_internal.h"

int obj_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (a == b)
        return 1;
    return obj_eq_op(h, a, b);
}

/* The == operator (PyObject_RichCompare, then its truth): no identity
 * shortcut, so `w == w` runs a weak container's __eq__ */
int obj_eq_op(heap_t *h, obj_t *a, obj_t *b)
{
    if (h->cmp_depth >= h->prof->eq_recursion_limit) {
        exc_set(h->exc, ST_PYEXC, "RecursionError", "maximum recursion depth exceeded in comparison");
        return -1;
    }
    if (!heap_work(h, 1))
        return -1;
    h->cmp_depth++;
    int r = TYPE(a)->eq ? TYPE(a)->eq(h, a, b) : NOT_IMPLEMENTED;
    if (r == NOT_IMPLEMENTED && TYPE(b)->eq)
        r = TYPE(b)->eq(h, b, a);
    if (r == NOT_IMPLEMENTED)
        r = a == b; /* object_richcompare(): identity */
    h->cmp_depth--;
    return r;
}

bool heap_enter_deep(heap_t *h)
{
    if (h->deep_depth >= HARD_RECURSION_LIMIT) {
        exc_set(h->exc, ST_PYEXC, "RecursionError", "maximum recursion depth exceeded");
        return false;
    }
    if (!heap_work(h, 1))
        return false;
    h->deep_depth++;
    return true;
}

void heap_leave_deep(heap_t *h)
{
    h->deep_depth--;
}
