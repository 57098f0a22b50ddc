/*
 * spec.h — a value spec: the Python source of one expression, as a tree.
 *
 * The API layer builds it from JSON; the engine "compiles" it (constants
 * are made first and shared within the statement, as the compiler's
 * co_consts are) and evaluates it.
 */
#ifndef HEAPD_SPEC_H
#define HEAPD_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SP_NONE,
    SP_BOOL,
    SP_INT,
    SP_BIGINT,
    SP_FLOAT,
    SP_STR,
    SP_BYTES,
    SP_LIST,
    SP_TUPLE,
    SP_SET,
    SP_FROZENSET,
    SP_DICT,
    SP_OBJECT,   /* object() */
    SP_INSTANCE, /* ClassName() */
    SP_WEAKCONT, /* weakref.WeakValueDictionary() etc. */
    SP_REF,      /* a reference: a path or an object id */
    SP_KEPT,     /* i: the i-th value an earlier part of the statement kept (heap_stmt_t.keep) */
    SP_FORMAT,   /* an f-string's replacement field: items[0] the value, items[1] (when nitems is 2)
                    its format spec; i the conversion ('s', 'r', 'a', 0: none) */
    SP_FSTRING   /* an f-string: its items in order (str constants, fields, kept fields) joined
                    (BUILD_STRING; one item is the result itself) */
} spec_kind_t;

typedef struct heap_ref {
    const char *path; /* a reference path, or NULL for an id */
    uint64_t id;
    /* a JSON field's path: its first name is looked up among the session's
     * names only (API.md: builtins are not names there, so "len" raises
     * NameError), where a source's name falls back to the builtins */
    bool names_only;
} heap_ref_t;

/* SP_WEAKCONT's kinds (spec_t.wkind), and the class of weakref each calls */
enum { WC_VALUEDICT, WC_KEYDICT, WC_SET, WC_N };
extern const char *const spec_weakcont_names[WC_N];

typedef struct spec {
    spec_kind_t form; /* which literal or display it is */
    bool b : 1;
    bool unbound : 1;       /* WEAKCONT: `weakref` is not bound yet (used before its import): the
                             * node raises NameError where it is evaluated, as LOAD_NAME does */
    bool folded : 1;        /* SET: the right operand of `in` made a frozenset constant (value_fold_iter);
                             * a constant: the AST optimizer's fold made it (make_const()), or 3.12+'s
                             * concatenation of adjacent literals: the AST's arena holds it once */
    bool compiled : 1;      /* STR: the compiler made it, no literal did (3.13's cleaned docstring): the
                             * AST's arena does not hold it */
    uint8_t held_again;     /* folds that gave this constant back as their result (`'ab' * 1`, `+x`,
                             * `x % y` with |x| < |y|: an incref, no new object): the AST's arena
                             * holds it once more for each such node */
    uint8_t held_true : 4;  /* the bools folds made that a later fold consumed (`not not 1`'s */
    uint8_t held_false : 4; /* False): make_const() put them in the AST's arena, which keeps them */
    int64_t i;
    double f;
    char *text;          /* BIGINT decimal digits, STR utf-8, INSTANCE class name */
    uint8_t *bytes;      /* BYTES */
    size_t len;          /* STR / BYTES byte length */
    struct spec **items; /* containers; DICT: key, value, key, value... */
    size_t nitems;
    uint32_t capitems;
    int wkind;         /* WEAKCONT: WC_VALUEDICT, WC_KEYDICT, WC_SET */
    heap_ref_t ref;    /* REF (path owned by the spec) */
    struct obj *konst; /* engine scratch: the constant compiled for this node */
    /* TUPLE that a fold of `+` or `*` made (fold_binop()): its left and right
     * operands as the AST optimizer saw them, each a tuple (a display, or a
     * fold with operands of its own) or NULL (an int factor, not kept: its
     * object is the arena's alone). ast_opt.c makes the operand tuples first
     * (make_const(): objects the AST's arena alone holds, holding the items
     * the result shares) and frees them with the arena once the code ran.
     * NULL otherwise. (spec_t stays 112 bytes: a 128-byte malloc chunk) */
    struct spec **operands;
} spec_t;

spec_t *spec_new(spec_kind_t kind);
/* Appends item (owned) to a container spec; false when out of memory. */
bool spec_append(spec_t *s, spec_t *item);
void spec_free(spec_t *s);
/* A literal (None, bool, int, float, str, bytes). */
bool spec_is_scalar(const spec_t *s);
/* A constant expression: a scalar, or a tuple display of constants (folded). */
bool spec_is_const(const spec_t *s);
/* Every item of the display is a constant expression. */
bool spec_items_const(const spec_t *s);
/* ast_opt.c's fold_iter() on the right operand of `in` / `not in`. */
void spec_fold_iter(spec_t *s);
/* Whether evaluating the spec could hash an object it does not build (a
 * reference in a set or frozenset display, among a dict display's keys, or
 * anywhere inside such an item; with hashed, anywhere): hashing a tuple
 * walks it, and tuples sharing their items make the walk exponential. */
bool spec_hashes_ref(const spec_t *s, bool hashed);
/* A deep copy (konst, the engine's scratch, copied as it is). */
spec_t *spec_copy(const spec_t *s);
/* Number of nodes: an upper bound of the objects the spec can create. */
size_t spec_count(const spec_t *s);

#endif
