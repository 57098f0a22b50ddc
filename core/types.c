/*
 * types.c — the registry: each kind's slot table, defined in its type's
 * own file (as CPython's PyList_Type sits at the end of listobject.c).
 */
#include "object.h"

extern const type_ops_t none_type, bool_type, int_type, float_type, str_type, bytes_type, tuple_type,
    list_type, dict_type, set_type, frozenset_type, object_type, class_type, instance_type, weakref_type,
    function_type, method_type, member_descr_type;

const type_ops_t *const type_table[K__COUNT] = {
    [K_NONE] = &none_type,
    [K_BOOL] = &bool_type,
    [K_INT] = &int_type,
    [K_FLOAT] = &float_type,
    [K_STR] = &str_type,
    [K_BYTES] = &bytes_type,
    [K_TUPLE] = &tuple_type,
    [K_LIST] = &list_type,
    [K_DICT] = &dict_type,
    [K_SET] = &set_type,
    [K_FROZENSET] = &frozenset_type,
    [K_OBJECT] = &object_type,
    [K_CLASS] = &class_type,
    [K_INSTANCE] = &instance_type,
    [K_WEAKREF] = &weakref_type,
    [K_FUNCTION] = &function_type,
    [K_METHOD] = &method_type,
    [K_MEMBER_DESCR] = &member_descr_type,
};
