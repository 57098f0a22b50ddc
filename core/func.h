/*
 * func.h — function objects: the few the sandbox's statements create or
 * use (a weak container's remove function, the recording weakref callback,
 * the builtin _remove_dead_weakref), mirroring Objects/funcobject.c.
 */
#ifndef HEAPD_FUNC_H
#define HEAPD_FUNC_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"

typedef enum {
    FN_RECORD,              /* the `weakref` op's callback: records a weakref_callback event */
    FN_WVD_REMOVE,          /* WeakValueDictionary.__init__.<locals>.remove */
    FN_WKD_REMOVE,          /* WeakKeyDictionary.__init__.<locals>.remove */
    FN_WS_REMOVE,           /* WeakSet.__init__.<locals>._remove */
    FN_REMOVE_DEAD_WEAKREF, /* _weakref._remove_dead_weakref (a builtin) */
} func_kind_t;

typedef struct func_def {
    const char *name, *qualname;
    func_kind_t kind;
    bool builtin;
    const char *arg0;       /* its first parameter (all take one or two, none optional but defaults) */
    const char *print_text; /* FN_RECORD defined by an exec source: what its body prints (heap.h), or NULL */
    /* its body, the arguments bound (one; a builtin's two): a new reference,
     * or NULL with the exception; NULL: the sandbox does not run it */
    obj_t *(*run)(heap_t *h, obj_t *fn, obj_t **args, size_t n);
    /* a function defined by an exec source: its code object (func_code; one
     * holder, released by func_dealloc()) and __doc__ (func_doc, the code's
     * co_consts[0] when a docstring: strong), the slots of the one function
     * made of this def; NULL: none */
    struct code **code;
    obj_t **doc;
} func_def_t;

extern const func_def_t func_record, func_wvd_remove, func_wkd_remove, func_ws_remove,
    func_remove_dead_weakref;

/* MAKE_FUNCTION with __defaults__ (stolen; may be NULL): a new reference. */
obj_t *func_new(heap_t *h, const func_def_t *def, obj_t *defaults);
/* A function of the interpreter (shared, never dies). */
obj_t *func_new_static(heap_t *h, const func_def_t *def);
/* Calls fn(arg) as a weakref callback: its exceptions are reported as
 * unraisable and ignored, as handle_callback() does. dead_id is the id of
 * the referent that died (for the recorded event). */
void func_call_callback(heap_t *h, obj_t *fn, obj_t *arg, uint64_t dead_id);

#endif
