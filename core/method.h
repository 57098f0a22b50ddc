/*
 * method.h — bound methods (`lst.append`, `wv.items`) and the data
 * attributes of builtin objects (`x.real`).
 */
#ifndef HEAPD_METHOD_H
#define HEAPD_METHOD_H

#include "object.h"

/* o.<name> when the type (or a library class) defines it: a new bound
 * method, or the attribute's value (a new reference); NULL when it does not
 * (no exception set). */
obj_t *method_lookup(heap_t *h, obj_t *o, const char *name);
/* o.<name> of an instance of a library class: its method, bound; NULL when none. */
obj_t *method_lookup_library(heap_t *h, obj_t *o, int lib_kind, const char *name);
/* A method descriptor's __get__ on self (method_get(): PyCMethod_New): a
 * new builtin_function_or_method holding self, tracked */
obj_t *method_bound_builtin(heap_t *h, obj_t *self, const char *name, const char *qualname);
/* The interpreter's own bound builtin method (`sys.stdout.write`, type's
 * `__prepare__`), made as method_bound_builtin() without events and hidden
 * from the session (heap_interp_made()); heap_interp_drop() frees it. */
obj_t *method_interp(heap_t *h, const char *name, const char *qualname);
/* Does the library class define the method (run here or not)? */
bool method_library_defines(int lib_kind, const char *name);
/* Setting or deleting o.<name> on a builtin without a __dict__: -1 with
 * CPython's message when the type defines the name (read-only), 0 when not. */
int method_setattr_error(heap_t *h, const obj_t *o, const char *name);

/* PyObject_GenericGetAttr / PyObject_GenericSetAttr of a builtin type
 * without a __dict__ (its getattr and setattr slots): the type's
 * descriptors (attrs), bound or read; AttributeError otherwise. */
obj_t *generic_getattr(heap_t *h, obj_t *o, const char *name);
int generic_setattr(heap_t *h, obj_t *o, const char *name, obj_t *v);

#endif
