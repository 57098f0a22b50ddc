/*
 * profile.c — the per-version table. Numbers come from probes of the real
 * interpreters (../shared/cpython-memory-facts.md, CPython 3.11.7 x86-64).
 */
#include "profile.h"

#include <string.h>

static const char *const preinterned_311[] = {
#include "preinterned_311.inc"
};

static const profile_t profiles[] = {
    {
        .version = "3.11",
        .int_base = 24, .int_min_digits = 1,
        .str_ascii_base = 49, .str_compact_base = 72, .str_latin1_char_size = 74,
        .bytes_base = 33, .float_size = 24, .tuple_base = 40, .list_base = 56,
        .dict_empty = 64, .dict_header = 32, .dict_entry_general = 24, .dict_entry_unicode = 16,
        .set_base = 216, .object_size = 16,
        .instance_size = 56, .slots_base = 32, .slot_weakref_size = 8,
        .class_size = 1688, .class_slots_size = 920,
        .weakref_size = 80, .keyedref_size = 88, .weakcontainer_size = 56,
        .threshold = {700, 10, 10},
        .shared_keys_usable = 30, .inline_values = 1, .class_hidden_gc_base = 2, .weakcont_hidden_gc = 4,
        .static_refcnt_base = 999999999,
        /* what a fresh `python3.11 -c` reports for getrefcount - 1 */
        .none_refcnt = 5464, .true_refcnt = 408, .false_refcnt = 388,
        .immortal = 0,
        .none_page_offset = 0xbe0, /* CPython 3.11.7, x86-64 */
        .list_freelist = 80, .dict_freelist = 80, .tuple_freelist = 2000,
        .tuple_freelist_maxlen = 20,
        .preinterned = preinterned_311,
        .npreinterned = sizeof preinterned_311 / sizeof preinterned_311[0],
        .del_missing_attr_fmt = "'%s' object has no attribute '%s'",
    },
};

const profile_t *profile_find(const char *version)
{
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
        if (strcmp(profiles[i].version, version) == 0)
            return &profiles[i];
    return NULL;
}

const char *profile_versions(void) { return "3.11"; }
