/*
 * value.c — building objects from value specs.
 *
 * Compile: constants (scalars, tuples of constants, and the constant
 * tuple/frozenset behind a display of three or more constants) are made
 * first, deduplicated by type and value as _PyCode_ConstantKey does, so
 * `[257, 257]` holds one int. Evaluate: the display opcodes the compiler
 * emits (starunpack_helper, compiler_dict): BUILD_LIST n (exact size) or
 * BUILD_LIST 0 + LIST_EXTEND of a constant (even preallocation), BUILD_SET
 * / SET_UPDATE, BUILD_MAP / BUILD_CONST_KEY_MAP via _PyDict_FromItems,
 * BUILD_TUPLE; and for displays past STACK_USE_GUIDELINE items, the empty
 * container first, each item added as it is evaluated (LIST_APPEND,
 * SET_ADD, MAP_ADD; a tuple through a list, LIST_TO_TUPLE; a dict in
 * chunks of 17 merged by DICT_UPDATE).
 */
#include "value.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls.h"
#include "format.h"
#include "containers.h"
#include "gc.h"
#include "heap_internal.h"
#include "num.h"
#include "refpath.h"
#include "str.h"
#include "weakcont.h"
#include "mem.h"
#include "pycall.h"

/* The compiler keeps at most this many items on its stack (compile.c):
 * longer displays are built item by item. */
#define STACK_USE_GUIDELINE 30

/* compiler_dict() cuts a dict display into chunks (see eval_dict()): every
 * chunk but the last is 17 pairs, built item by item; compiler_subdict()
 * gives the last one, when it has 2 to 15 pairs all keyed by constants,
 * BUILD_CONST_KEY_MAP and a constant tuple of its keys, which co_consts
 * holds while the code lives. true with *b its first pair. */
static bool const_keys_chunk(const spec_t *s, size_t *b)
{
    size_t n = s->nitems / 2, elements = 0;
    for (size_t i = 0; i < n; i++)
        elements = elements * 2 > STACK_USE_GUIDELINE ? 0 : elements + 1;
    if (elements < 2 || elements * 2 > STACK_USE_GUIDELINE)
        return false;
    for (size_t i = n - elements; i < n; i++)
        if (!spec_is_const(s->items[2 * i]))
            return false;
    *b = n - elements;
    return true;
}

/* The compiler's constants table (co_consts, merged by _PyCode_ConstantKey):
 * an open-addressing index over the statement's constants on the temp
 * stack, keyed by type and hash, so each constant costs O(1). */
static uint64_t const_key(heap_t *h, obj_t *o)
{
    int64_t hash = 0;
    if (obj_hash(h, o, &hash) < 0)
        memset(h->exc, 0, sizeof *h->exc); /* constants hash; be safe */
    return (uint64_t)hash * 0x9E3779B97F4A7C15ULL + o->kind;
}

static void consts_reset(heap_t *h)
{
    free(h->consts.slots);
    free(h->consts.roots);
    memset(&h->consts, 0, sizeof h->consts);
}

static void consts_insert(consts_t *c, uint64_t key, size_t temp)
{
    size_t mask = c->size - 1, i = (size_t)key & mask;
    while (c->slots[i].temp)
        i = (i + 1) & mask;
    c->slots[i].key = key;
    c->slots[i].temp = temp + 1;
    c->used++;
}

/* Looks o up among the statement's constants: the earlier equal one wins.
 * Each probe is a unit of the request's budget: constants whose hashes are
 * equal (ints n * (2**61 - 1)) share one probe run, and a display of 30,000
 * of them compared 450 million pairs. NULL (o dropped, the `budget` error
 * set) once it is spent. */
/* The statement's constant equal to o (borrowed), NULL when there is none;
 * *spent when the budget ran out looking (each probe is a unit of it). */
static obj_t *const_find(heap_t *h, const obj_t *o, uint64_t key, bool *spent)
{
    consts_t *c = &h->consts;
    *spent = false;
    if (!c->size)
        return NULL;
    size_t mask = c->size - 1;
    for (size_t i = (size_t)key & mask; c->slots[i].temp; i = (i + 1) & mask) {
        obj_t *k = h->temps[c->slots[i].temp - 1];
        if (c->slots[i].key == key && obj_same_const(h, k, o))
            return k;
        if (!heap_work(h, 1)) {
            *spent = true;
            return NULL;
        }
    }
    return NULL;
}

static obj_t *dedup(heap_t *h, obj_t *o)
{
    consts_t *c = &h->consts;
    uint64_t key = const_key(h, o);
    bool spent;
    obj_t *k = const_find(h, o, key, &spent);
    if (k || spent) {
        obj_decref(h, o);
        return k;
    }
    if ((c->used + 1) * 2 > c->size) {
        consts_t old = *c;
        c->size = c->size ? c->size * 2 : 8;
        c->slots = xcalloc(c->size, sizeof *c->slots);
        c->used = 0;
        for (size_t i = 0; i < old.size; i++)
            if (old.slots[i].temp)
                consts_insert(c, old.slots[i].key, old.slots[i].temp - 1);
        free(old.slots);
    }
    heap_push_temp(h, o);
    consts_insert(c, key, h->ntemps - 1);
    return o;
}

static obj_t *make_scalar(heap_t *h, const spec_t *s)
{
    switch (s->form) {
    case SP_NONE: return obj_newref(h->none);
    case SP_BOOL: return obj_newref(s->b ? h->true_ : h->false_);
    case SP_INT: return int_from_i64(h, s->i);
    case SP_BIGINT: return int_from_decimal(h, s->text);
    case SP_FLOAT: return float_new(h, s->f);
    case SP_STR: return str_constant(h, s->text ? s->text : "", s->len);
    case SP_BYTES: return bytes_constant(h, s->bytes, s->len);
    default: return NULL;
    }
}

/* The parser's AST keeps what each literal made, and the AST optimizer's
 * folds what they made (_PyArena_AddPyObject() in parsenumber(), the
 * string parser, make_const()), until the code has run: run_mod() frees
 * the arena after run_eval_code_obj(), for a file, `-c`, exec() of a
 * string and each statement the REPL runs (compile() frees it before
 * anything runs). The reference shows on what a literal made when that is
 * a shared object (a small int, a one-character latin-1 str, b'' and
 * one-byte bytes, ()), or a new object the compiler kept: the first of its
 * value (a later equal literal's object, and a str the compiler swapped for
 * an equal one interned before, intern_string_constants(), are the arena's
 * alone: nothing can reach them, and they are not made here, README).
 * `made_kept`: kept is the object made for this literal or fold. */
/* How the parser makes a number literal's object each time it parses the
 * token (parsenumber(): PyFloat_FromDouble(), PyLong_FromString()), which
 * it does float_literal_parses times for the literal: 0 for none (a small
 * int is the interpreter's), 'f' a float, 'i' an int. Of a negative literal
 * its operand, the AST optimizer's fold being the constant. */
static int parsed_number(const spec_t *s)
{
    int64_t v;
    if (s->form == SP_FLOAT)
        return 'f';
    if (s->form == SP_INT) /* the token's value: the literal's magnitude */
        return (s->i < 0 ? (uint64_t)0 - (uint64_t)s->i : (uint64_t)s->i) >= NSMALLPOS ? 'i' : 0;
    if (s->form == SP_BIGINT)
        return int_is_small(s->text + (s->text[0] == '-'), &v) ? 0 : 'i';
    return 0;
}

/* One more object the parser made for a number literal, the arena's */
static void number_arena_copy(heap_t *h, const spec_t *s, int kind)
{
    if (kind == 'f')
        float_arena_copy(h);
    else
        int_arena_copy(h, int_literal_digits(s->i, s->form == SP_BIGINT ? s->text : NULL));
}

static void arena_hold(heap_t *h, const spec_t *s, obj_t *kept, bool made_kept)
{
    bool shared =
        (kept->flags & OF_STATIC) &&
        (s->form == SP_INT || s->form == SP_BIGINT || s->form == SP_BYTES || s->form == SP_TUPLE ||
         s->form == SP_BOOL ||
         (s->form == SP_STR && kept->u.s.len <= 1 && (kept->u.s.len == 0 || str_char(kept, 0) < 256)));
    int number = parsed_number(s);
    if (number) { /* parsenumber()'s other objects for it, made_kept or not */
        for (int n = h->prof->float_literal_parses - (made_kept ? 1 : 0) - h->floats_parsed_before; n > 0;
             n--)
            number_arena_copy(h, s, number);
        h->floats_parsed_before = 0;
    }
    if (!shared && !made_kept)
        return;
    for (int n = (s->form == SP_BYTES && !s->folded ? h->prof->bytes_literal_arena : 1) + s->held_again;
         n > 0; n--)
        heap_arena_hold(h, obj_newref(kept));
}

static obj_t *ast_tuple(heap_t *h, const spec_t *x, bool merge, bool item);

/* Makes (or finds) the constant for s; stores it in s->konst (borrowed).
 * NULL when the budget is spent (its error set) or, with no error set, for
 * a malformed int literal. hold: the arena holds what s's literals made
 * (false for the items of a fold's result: its operands' literals made them,
 * ast_tuple()); *made: the constant is the object made for s. */
static obj_t *compile_const_at(heap_t *h, spec_t *s, bool hold, bool *made)
{
    obj_t *o;
    uint32_t serial = h->next_serial;
    *made = false;
    if (spec_is_scalar(s)) {
        o = make_scalar(h, s);
        if (!o)
            return NULL;
    } else {
        bool items_held = hold;
        if (s->operands) { /* fold_binop(): its operand tuples first, the AST's alone */
            items_held = false;
            for (int k = 0; k < 2; k++) {
                obj_t *op = s->operands[k] ? ast_tuple(h, s->operands[k], s->nitems > 0, false) : NULL;
                if (s->operands[k] && !op)
                    return NULL;
                if (op)
                    obj_decref(h, op); /* the arena holds it */
            }
        }
        obj_t **items = xcalloc(s->nitems ? s->nitems : 1, sizeof *items);
        for (size_t i = 0; i < s->nitems; i++) {
            bool m;
            obj_t *item = compile_const_at(h, s->items[i], items_held, &m);
            if (!item) {
                for (size_t j = 0; j < i; j++)
                    obj_decref(h, items[j]);
                free(items);
                return NULL;
            }
            items[i] = obj_newref(item);
        }
        o = tuple_new_steal(h, items, s->nitems); /* fold_tuple() */
        free(items);
    }
    /* (a str the heap had interned before is not the parser's: it made its own) */
    bool fresh = s->form != SP_STR || o->u.s.serial > serial;
    s->konst = dedup(h, o); /* o may be gone: only compared below */
    *made = s->konst && fresh && s->konst == o;
    for (unsigned n = hold ? s->held_true + s->held_false : 0; n && s->konst; n--)
        heap_arena_hold(h, obj_newref(n > s->held_false ? h->true_ : h->false_));
    if (hold && s->konst && s->form != SP_NONE && (s->form != SP_BOOL || s->folded) &&
        !s->compiled) /* (keywords' Constants add nothing; a fold's bool, make_const(), does) */
        arena_hold(h, s, s->konst, *made);
    return s->konst;
}

static obj_t *compile_const(heap_t *h, spec_t *s)
{
    bool made;
    return compile_const_at(h, s, true, &made);
}

/* What the literal s made, for a tuple the AST optimizer makes of it (new
 * reference): with merge (the fold's result is a constant, its items merged
 * into co_consts), the constant when this literal is the first of its value
 * or a shared object; otherwise the literal's own object, which the arena
 * and the tuple alone hold (a later equal literal's, or a str the compiler
 * swapped for one interned before: the parser's was not interned). */
static obj_t *literal_obj(heap_t *h, spec_t *s, bool merge)
{
    if (merge) {
        bool made;
        obj_t *k = compile_const_at(h, s, true, &made);
        if (!k)
            return NULL;
        if (made || (k->flags & OF_STATIC))
            return obj_newref(k);
    }
    size_t chars = 0;
    for (size_t i = 0; s->form == SP_STR && i < s->len && chars < 2; i++)
        chars += ((unsigned char)s->text[i] & 0xC0) != 0x80;
    obj_t *o = chars > 1 ? str_new_text(h, s->text, s->len) : make_scalar(h, s);
    if (!o)
        return NULL;
    if (s->form != SP_NONE && s->form != SP_BOOL)
        arena_hold(h, s, o, true);
    return o;
}

/* A tuple the AST optimizer made (new reference; the arena holds it too):
 * fold_tuple() of a display of constants, bottom up, or fold_binop() of a
 * fold's operands (x->operands, made first), whose items are the operands'
 * own objects. merge: the fold's result is a non-empty constant, which holds
 * these items and merge_consts_recursive() merges; item: x is one of them
 * (a tuple inside an operand), registered as a constant when no equal one
 * is, its items replaced in place by the constants equal to them. */
static obj_t *ast_tuple(heap_t *h, const spec_t *x, bool merge, bool item)
{
    size_t n = x->nitems;
    obj_t **items = xcalloc(n ? n : 1, sizeof *items);
    size_t got = 0;
    if (x->operands) {
        obj_t *ops[2] = {NULL, NULL};
        bool ok = true;
        for (int k = 0; k < 2 && ok; k++)
            if (x->operands[k])
                ok = (ops[k] = ast_tuple(h, x->operands[k], merge && n > 0, false)) != NULL;
        /* `+`: the left operand's items, then the right's; `*`: the one tuple's, repeated */
        for (size_t before = SIZE_MAX; ok && got < n && got != before;) {
            before = got;
            for (int k = 0; k < 2; k++)
                for (size_t i = 0; ops[k] && i < ops[k]->u.seq.len && got < n; i++)
                    items[got++] = obj_newref(ops[k]->u.seq.items[i]);
        }
        for (int k = 0; k < 2; k++)
            if (ops[k])
                obj_decref(h, ops[k]);
        if (!ok || got < n)
            goto fail;
    } else {
        for (; got < n; got++) {
            spec_t *it = x->items[got];
            items[got] = it->form == SP_TUPLE ? ast_tuple(h, it, merge, true) : literal_obj(h, it, merge);
            if (!items[got])
                goto fail;
        }
    }
    obj_t *t = tuple_new_steal(h, items, n);
    free(items);
    heap_arena_hold(h, obj_newref(t)); /* make_const() */
    if (item && merge && n) {
        bool spent;
        obj_t *eq = const_find(h, t, const_key(h, t), &spent);
        for (size_t i = 0; !eq && !spent && i < n; i++) {
            obj_t *was = t->u.seq.items[i];
            obj_t *k = const_find(h, was, const_key(h, was), &spent);
            if (k && k != was) {
                t->u.seq.items[i] = obj_newref(k);
                obj_decref(h, was);
            }
        }
        if (spent || (!eq && !dedup(h, obj_newref(t)))) {
            obj_decref(h, t);
            return NULL;
        }
    }
    return t;
fail:
    for (size_t j = 0; j < got; j++)
        obj_decref(h, items[j]);
    free(items);
    return NULL;
}

/* Whether the interned str s equals an identifier the parser interned
 * before the constants are merged: one of the code being compiled, or on
 * 3.13 (immortal identifiers) one of any code compiled before */
static bool code_name(heap_t *h, obj_t *s)
{
    char *t = str_to_utf8(s);
    bool found = heap_compiling_name(h, t) ||
                 (h->prof->interned_immortal == 2 && strmap_get(&h->code_names, t) != NULL);
    free(t);
    return found;
}

/* frozenset(list(fs)): a frozenset made by iterating fs; NULL when the
 * budget is spent (its probes pay as set_add()'s do: constants whose hashes
 * collide make it quadratic, as in CPython's compiler, and the statement is
 * refused rather than run past the budget) */
static obj_t *frozenset_rebuild(heap_t *h, obj_t *fs)
{
    obj_t *out = set_new(h, K_FROZENSET);
    for (size_t i = 0; i <= fs->u.set.mask; i++) {
        obj_t *k = fs->u.set.table[i].key;
        if (k && k != SET_DUMMY && set_add(h, out, k) < 0) {
            obj_decref(h, out);
            return NULL;
        }
    }
    return out;
}

/* intern_string_constants() replaces an identifier-like str literal by the
 * equal str interned before this statement, and then rebuilds a frozenset
 * holding it. (A literal new to the interpreter is interned in place.) The
 * identifiers of the code being compiled were interned by the parser
 * (_PyPegen_new_identifier()) as objects of their own, as on 3.13 (where
 * they are immortal) were those of all code compiled before: a literal
 * equal to one is replaced too. 3.11 and 3.12 do the same
 * for the one-character strs of their profile. */
static bool has_preinterned_name(heap_t *h, obj_t *fs)
{
    for (size_t i = 0; i <= fs->u.set.mask; i++) {
        obj_t *k = fs->u.set.table[i].key;
        if (!k || k == SET_DUMMY || k->kind != K_STR)
            continue;
        if (k->u.s.len > 1 && (k->flags & OF_INTERNED) &&
            (k->u.s.serial <= h->stmt_serial || code_name(h, k)))
            return true;
        /* 3.11, 3.12: some one-character strs are interned as objects other than
         * the latin-1 singleton a literal is made of */
        uint32_t c = k->u.s.len == 1 ? str_char(k, 0) : 0;
        if (c && c < 128 && h->prof->preinterned_chars && strchr(h->prof->preinterned_chars, (int)c))
            return true;
    }
    return false;
}

/* The constant frozenset the compiler makes for `{c1, c2, c3, ...}`:
 * starunpack_helper() builds frozenset(tuple); merge_consts_recursive()
 * replaces it by one rebuilt from the first one's iteration order; code
 * creation may rebuild it once more (has_preinterned_name). The display's
 * SET_UPDATE then copies that table. */
static obj_t *compile_frozenset(heap_t *h, spec_t *s)
{
    obj_t *first = set_new(h, K_FROZENSET);
    heap_push_temp(h, first); /* dropped with the statement's temps when the budget is spent */
    for (size_t i = 0; i < s->nitems; i++)
        if (set_add(h, first, s->items[i]->konst) < 0)
            return NULL;
    obj_t *merged = frozenset_rebuild(h, first);
    if (!merged)
        return NULL;
    h->ntemps--;
    obj_decref(h, first);
    if (has_preinterned_name(h, merged)) {
        heap_push_temp(h, merged);
        obj_t *again = frozenset_rebuild(h, merged);
        if (!again)
            return NULL;
        h->ntemps--;
        obj_decref(h, merged);
        merged = again;
    }
    return merged;
}

static bool compile_rec(heap_t *h, spec_t *s)
{
    if (spec_is_const(s)) {
        if (compile_const(h, s))
            return true;
        if (!h->exc->status) /* not the budget: a malformed int literal */
            exc_set(h->exc, ST_BADREQ, "bad_request", "malformed int literal");
        return false;
    }
    for (size_t i = 0; i < s->nitems; i++)
        if (!compile_rec(h, s->items[i]))
            return false;
    bool set_display = s->form == SP_SET || s->form == SP_FROZENSET; /* frozenset({...}) */
    if ((s->form == SP_LIST || set_display) && (s->nitems > 2 || s->folded) && spec_items_const(s)) {
        obj_t *k;
        if (s->form == SP_LIST) {
            obj_t **items = xcalloc(s->nitems, sizeof *items);
            for (size_t i = 0; i < s->nitems; i++)
                items[i] = obj_newref(s->items[i]->konst);
            k = tuple_new_steal(h, items, s->nitems);
            free(items);
        } else {
            k = compile_frozenset(h, s);
            if (!k)
                return false; /* the budget is spent (constants hash) */
        }
        obj_t *made = k;
        s->konst = dedup(h, k);
        if (!s->konst)
            return false;
        if (s->folded) /* fold_iter()'s frozenset is the AST's (a display's is the compiler's) */
            arena_hold(h, s, s->konst, s->konst == made);
    }
    size_t b;
    if (s->form == SP_DICT && const_keys_chunk(s, &b)) { /* the keys' tuple (its konst) */
        size_t n = s->nitems / 2 - b;
        obj_t **items = xcalloc(n, sizeof *items);
        for (size_t i = 0; i < n; i++)
            items[i] = obj_newref(s->items[2 * (b + i)]->konst);
        s->konst = dedup(h, tuple_new_steal(h, items, n));
        free(items);
        if (!s->konst)
            return false;
    }
    return true;
}

bool value_compile(heap_t *h, spec_t *s)
{
    if (h->in_unit) /* the unit compiled it with every other statement's constants */
        return true;
    h->const_base = h->ntemps;
    consts_reset(h);
    return compile_rec(h, s);
}

/* The parser's floats for a float literal that is an assignment's whole
 * right side (`x = 2.5`), in the order it makes them: the assignment's
 * `star_targets` loop tries the literal as a target first (t_primary's
 * atom: one float, the arena's), then `primary` parses it (the float the
 * AST keeps) and tries once more to grow it (the arena's); a negative
 * literal's two parses of its operand come before the AST optimizer's
 * fold, the constant (gdb of PyFloat_FromDouble under builtin_exec, all
 * versions). value_compile() makes the constant first and the others
 * after (arena_hold()): right for a display's or a call's literal, whose
 * constant is the first float made. */
bool value_compile_rhs(heap_t *h, spec_t *s)
{
    int number = s ? parsed_number(s) : 0;
    if (!h->in_unit && number) {
        bool negative = s->form == SP_FLOAT ? signbit(s->f)
                        : s->form == SP_INT ? s->i < 0
                                            : s->text[0] == '-';
        int before = negative ? h->prof->float_literal_parses - 1 : 1;
        for (int n = 0; n < before; n++)
            number_arena_copy(h, s, number);
        h->floats_parsed_before = (unsigned)before;
    }
    bool ok = value_compile(h, s);
    h->floats_parsed_before = 0; /* (arena_hold() took it, or the compile stopped first) */
    return ok;
}

/* Another expression of the statement value_compile() began: one code
 * object, so its constants merge with those already there (the earlier
 * equal one wins) */
bool value_compile_more(heap_t *h, spec_t *s)
{
    if (h->in_unit) /* as value_compile(): the unit compiled it (until 2026-12-03 a
                       subscript store's key was made again, a second object) */
        return true;
    return compile_rec(h, s);
}

/* Module mode (one code object for the whole source): every statement's
 * constants go into one co_consts, merged across statements, before the
 * first statement runs; they stay on the temps until value_unit_end(). */
void value_unit_begin(heap_t *h)
{
    h->const_base = h->ntemps;
    consts_reset(h);
}

bool value_unit_add(heap_t *h, spec_t *s)
{
    if (!s)
        return true;
    consts_t *c = &h->consts;
    if (c->nroots == c->caproots) {
        c->caproots = c->caproots ? c->caproots * 2 : 16;
        c->roots = xrealloc(c->roots, c->caproots * sizeof *c->roots);
    }
    c->roots[c->nroots++] = s;
    return compile_rec(h, s);
}

bool value_unit_add_nested(heap_t *h, spec_t *s)
{
    return !s || compile_rec(h, s);
}

/* The constants LOAD_CONST loads for s (as compile_rec() made them): a
 * constant expression's, a constant display's tuple or frozenset; not the
 * items inside those. */
void value_loaded_consts(const spec_t *s, obj_t ***v, size_t *n, size_t *cap)
{
    bool container = s->form == SP_LIST || s->form == SP_SET || s->form == SP_FROZENSET;
    if (s->konst && (spec_is_const(s) || container || s->form == SP_DICT)) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *v = xrealloc(*v, *cap * sizeof **v);
        }
        (*v)[(*n)++] = s->konst;
        if (s->form != SP_DICT)
            return;
    }
    size_t b = s->nitems;
    if (s->form == SP_DICT && s->konst) /* the keys of its constant tuple are that tuple's */
        const_keys_chunk(s, &b);
    for (size_t i = 0; i < s->nitems; i++)
        if (!(s->form == SP_DICT && i % 2 == 0 && i / 2 >= b))
            value_loaded_consts(s->items[i], v, n, cap);
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (obj_t *const *)a, y = (uintptr_t) * (obj_t *const *)b;
    return x < y ? -1 : x > y;
}

/* Compilation ends (compiler_free(): the compiler's constants cache goes):
 * co_consts holds what LOAD_CONST loads, and a constant that is only an item
 * of another (a nested tuple's, one behind a display's constant tuple or
 * frozenset, the keys of a BUILD_CONST_KEY_MAP) is held by that container
 * alone while the unit runs. An item a set display's frozenset did not keep
 * (`{False, 0.0}` keeps False: equal items are added once) was the AST's
 * alone, and goes with it, before the unit runs. */
void value_unit_compiled(heap_t *h)
{
    obj_t **loaded = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < h->consts.nroots; i++)
        value_loaded_consts(h->consts.roots[i], &loaded, &n, &cap);
    if (n)
        qsort(loaded, n, sizeof *loaded, cmp_ptr);
    size_t w = h->const_base;
    for (size_t r = h->const_base; r < h->ntemps; r++) {
        obj_t *o = h->temps[r];
        if (n && bsearch(&o, loaded, n, sizeof *loaded, cmp_ptr)) {
            h->temps[w++] = o;
        } else {
            obj_decref(h, o); /* its container holds it, or it goes (above) */
        }
    }
    h->ntemps = w;
    free(loaded);
    consts_reset(h); /* the table indexed the temps as they were */
}

void value_unit_end(heap_t *h)
{
    consts_reset(h);
}

static void each_str(heap_t *h, obj_t *o, const char *utf8, size_t len, void (*fn)(heap_t *h, obj_t *s),
                     int depth)
{
    if (o->kind == K_STR && str_eq_utf8(o, utf8, len))
        fn(h, o);
    else if (o->kind == K_TUPLE && depth < 8)
        for (size_t i = 0; i < o->u.seq.len; i++)
            each_str(h, o->u.seq.items[i], utf8, len, fn, depth + 1);
}

void value_unit_each_str(heap_t *h, const char *utf8, size_t len, void (*fn)(heap_t *h, obj_t *s))
{
    if (!h->in_unit)
        return;
    for (size_t i = h->const_base; i < h->ntemps; i++) {
        heap_charge(h, 1);
        each_str(h, h->temps[i], utf8, len, fn, 0);
    }
}

static obj_t *fail_items(heap_t *h, size_t mark)
{
    heap_pop_temps(h, mark);
    return NULL;
}

/* Evaluates each item onto the temp stack; false when one raised. */
static bool eval_items(heap_t *h, spec_t *s)
{
    for (size_t i = 0; i < s->nitems; i++) {
        obj_t *o = value_eval(h, s->items[i]);
        if (!o)
            return false;
        heap_push_temp(h, o);
    }
    return true;
}

/* Takes the n newest temps off the stack as owned references. */
static obj_t **take_temps(heap_t *h, size_t n)
{
    obj_t **items = xcalloc(n ? n : 1, sizeof *items);
    if (n)
        memcpy(items, h->temps + h->ntemps - n, n * sizeof *items);
    h->ntemps -= n;
    return items;
}

/* Fails a display built item by item: the container (the newest temp) and
 * what was evaluated go. */
static obj_t *fail_built(heap_t *h, size_t mark)
{
    heap_pop_temps(h, mark);
    return NULL;
}

/* BUILD_LIST 0, then each item evaluated and appended (LIST_APPEND) */
static obj_t *eval_list_big(heap_t *h, spec_t *s)
{
    size_t mark = h->ntemps;
    obj_t *l = list_new(h, 0, true);
    heap_push_temp(h, l);
    for (size_t i = 0; i < s->nitems; i++) {
        obj_t *o = value_eval(h, s->items[i]);
        if (!o)
            return fail_built(h, mark);
        list_append_new(h, l, o);
    }
    h->ntemps--;
    return l;
}

/* BUILD_SET 0, then each item evaluated and added (SET_ADD) */
static obj_t *eval_set_big(heap_t *h, spec_t *s)
{
    size_t mark = h->ntemps;
    obj_t *set = set_new(h, K_SET);
    heap_push_temp(h, set);
    for (size_t i = 0; i < s->nitems; i++) {
        obj_t *o = value_eval(h, s->items[i]);
        if (!o)
            return fail_built(h, mark);
        heap_push_temp(h, o);
        if (set_add(h, set, o) < 0)
            return fail_built(h, mark);
        heap_pop_temps(h, h->ntemps - 1);
    }
    h->ntemps--;
    return set;
}

static obj_t *eval_set(heap_t *h, spec_t *s)
{
    size_t mark = h->ntemps;
    if (s->konst && s->nitems > 2) { /* BUILD_SET 0; SET_UPDATE frozenset-constant */
        obj_t *set = set_new(h, K_SET);
        set_merge(h, set, s->konst);
        if (h->exc->status) { /* the budget, for reading the constant's table */
            obj_decref(h, set);
            return NULL;
        }
        return set;
    }
    if (s->nitems > STACK_USE_GUIDELINE)
        return eval_set_big(h, s);
    if (!eval_items(h, s))
        return fail_items(h, mark);
    obj_t *set = set_new(h, K_SET);
    heap_push_temp(h, set);
    for (size_t i = 0; i < s->nitems; i++)
        if (set_add(h, set, h->temps[mark + i]) < 0)
            return fail_items(h, mark);
    h->ntemps--;
    heap_pop_temps(h, mark);
    return set;
}

/* compiler_subdict() of pairs [b, e): BUILD_CONST_KEY_MAP / BUILD_MAP n
 * (_PyDict_FromItems), or past the guideline BUILD_MAP 0 and MAP_ADD per
 * pair as it is evaluated */
static obj_t *eval_subdict(heap_t *h, spec_t *s, size_t b, size_t e)
{
    size_t mark = h->ntemps, n = e - b;
    if (n * 2 > STACK_USE_GUIDELINE) {
        obj_t *d = dict_new(h, true);
        heap_push_temp(h, d);
        for (size_t i = b; i < e; i++) {
            obj_t *k = value_eval(h, s->items[2 * i]);
            if (!k)
                return fail_built(h, mark);
            heap_push_temp(h, k);
            obj_t *v = value_eval(h, s->items[2 * i + 1]);
            if (!v)
                return fail_built(h, mark);
            heap_push_temp(h, v);
            if (dict_set_item(h, d, k, v) < 0)
                return fail_built(h, mark);
            heap_pop_temps(h, h->ntemps - 2);
        }
        h->ntemps--;
        return d;
    }
    for (size_t i = 2 * b; i < 2 * e; i++) {
        obj_t *o = value_eval(h, s->items[i]);
        if (!o)
            return fail_items(h, mark);
        heap_push_temp(h, o); /* held while the dict is built */
    }
    obj_t *d = dict_from_items(h, n ? h->temps + mark : NULL, n);
    heap_pop_temps(h, mark);
    return d;
}

/* compiler_dict(): pairs in chunks, each chunk flushed once 16 are
 * pending and one more comes (so 17), the rest at the end; the first
 * chunk's dict takes the others' items (DICT_UPDATE, dict_merge) */
static obj_t *eval_dict(heap_t *h, spec_t *s)
{
    size_t n = s->nitems / 2, elements = 0, mark = h->ntemps;
    obj_t *acc = NULL;
    for (size_t i = 0; i <= n; i++) {
        size_t b, e;
        if (i < n && elements * 2 > STACK_USE_GUIDELINE) {
            b = i - elements, e = i + 1;
        } else if (i == n && elements) {
            b = n - elements, e = n;
        } else {
            elements++;
            continue;
        }
        elements = 0;
        obj_t *d = eval_subdict(h, s, b, e);
        if (!d)
            return fail_built(h, mark);
        if (!acc) {
            acc = d;
            heap_push_temp(h, acc);
            continue;
        }
        heap_push_temp(h, d);
        if (dict_update(h, acc, d) < 0)
            return fail_built(h, mark);
        heap_pop_temps(h, h->ntemps - 1);
    }
    if (!acc)
        return dict_new(h, true); /* BUILD_MAP 0 */
    h->ntemps--;
    return acc;
}

/* Builtin types called with no argument (their tp_new / vectorcall) */
static obj_t *new_list0(heap_t *h)
{
    return list_new(h, 0, false); /* list_vectorcall(): PyType_GenericAlloc, not the free list */
}
static obj_t *new_dict0(heap_t *h)
{
    return dict_new(h, false); /* dict_new(): tp_alloc, not the free list; untracked again */
}
static obj_t *new_tuple0(heap_t *h)
{
    return tuple_new_steal(h, NULL, 0); /* the empty tuple */
}
static obj_t *new_str0(heap_t *h)
{
    return str_from_utf8(h, "", 0); /* '' */
}
static obj_t *new_bytes0(heap_t *h)
{
    static const uint8_t none[1];
    return bytes_constant(h, none, 0); /* b'' */
}
static obj_t *new_int0(heap_t *h)
{
    return int_from_i64(h, 0);
}
static obj_t *new_bool0(heap_t *h)
{
    return obj_newref(h->false_);
}
static obj_t *new_frozenset0(heap_t *h)
{
    return set_new(h, K_FROZENSET);
}

static const struct {
    const char *name;
    obj_t *(*make)(heap_t *h);
} builtin_types[] = {
    {"list", new_list0},   {"dict", new_dict0}, {"tuple", new_tuple0}, {"str", new_str0},
    {"bytes", new_bytes0}, {"int", new_int0},   {"bool", new_bool0},   {"frozenset", new_frozenset0},
};

bool value_builtin_simulated(const char *name)
{
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++)
        if (strcmp(builtin_types[i].name, name) == 0)
            return true;
    return false;
}

/* NAME() where the module binds no NAME: LOAD_NAME falls back to the
 * builtins. The builtin types heapd simulates make their empty value; any
 * other builtin is a call heapd cannot run (unsupported, not a NameError:
 * heap_exec() refuses those first). */
static obj_t *call_builtin0(heap_t *h, const char *name)
{
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++)
        if (strcmp(builtin_types[i].name, name) == 0)
            return builtin_types[i].make(h);
    if (profile_is_builtin(h->prof, name))
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "the call %.60s()", name);
    else
        exc_set(h->exc, ST_PYEXC, "NameError", "name '%s' is not defined", name);
    return NULL;
}

/* NAME(args) where the module binds no NAME: a builtin heapd does not run
 * (unsupported), else the NameError, before any argument is evaluated */
static obj_t *call_builtin_args(heap_t *h, const char *name)
{
    if (profile_is_builtin(h->prof, name))
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "the call %.60s(...) with arguments", name);
    else
        exc_set(h->exc, ST_PYEXC, "NameError", "name '%s' is not defined", name);
    return NULL;
}

/* A CALL into C returned r (NULL: it raised, and no check follows): 3.12+
 * check the eval breaker, the arguments gone, r on the stack */
static obj_t *c_call_returned(heap_t *h, obj_t *r)
{
    if (r)
        gc_run_scheduled(h);
    return r;
}

/* CALL n of f (loaded, borrowed): the arguments evaluated left to right
 * onto the stack, the call, then the arguments popped (heap_pop_args()) */
static obj_t *call_args(heap_t *h, obj_t *f, spec_t *s)
{
    size_t mark = h->ntemps;
    heap_push_temp(h, obj_newref(f));
    if (!eval_items(h, s))
        return fail_items(h, mark);
    obj_t *r = py_call(h, f, h->temps + mark + 1, s->nitems);
    heap_pop_args(h, mark + 1);
    heap_pop_temps(h, mark);
    return r;
}

int value_load_callee(heap_t *h, int callee, const char *attr, py_method_t *m)
{
    obj_t *o = heap_binds_callee(h, callee) ? heap_name_get(h, heap_callee_names[callee]) : NULL;
    if (!o)
        return 0;
    if (attr)
        return py_method_load(h, o, attr, m) < 0 ? -1 : 1;
    *m = (py_method_t){.fn = obj_newref(o)};
    return 1;
}

/* The call a spec stands for (`object()`, `set()`, `frozenset({...})`,
 * `weakref.WeakSet()`) when the session bound the name it calls: the
 * session's object is called instead (value_load_callee()), with the
 * spec's set display as its argument when `arg`. 0: the name is not bound;
 * 1: *out is the call's result, or NULL with its exception. */
static int bound_call(heap_t *h, spec_t *s, int callee, const char *attr, bool arg, obj_t **out)
{
    py_method_t m;
    *out = NULL;
    int r = value_load_callee(h, callee, attr, &m);
    if (r <= 0)
        return -r;
    size_t mark = h->ntemps;
    obj_t *a = arg ? eval_set(h, s) : NULL;
    if (arg && !a) {
        py_method_release(h, &m);
        return 1;
    }
    if (a)
        heap_push_temp(h, a);
    bool inline_frame = py_method_inline(&m);
    obj_t *o = py_method_call(h, &m, h->temps + mark, arg ? 1 : 0);
    heap_pop_args(h, mark);
    py_method_release(h, &m);
    *out = inline_frame ? o : c_call_returned(h, o);
    return 1;
}

/* An f-string: its pieces onto the stack in order, then BUILD_STRING
 * (_PyUnicode_JoinArray(): a new str, the shared '' when empty); a single
 * piece is the result itself. */
static obj_t *eval_fstring(heap_t *h, spec_t *s)
{
    size_t mark = h->ntemps;
    if (s->nitems == 1)
        return value_eval(h, s->items[0]);
    if (!eval_items(h, s))
        return fail_items(h, mark);
    strbuf_t sb;
    sb_init(&sb);
    size_t chars = 0, kind = 1;
    for (size_t i = 0; i < s->nitems; i++) {
        chars += h->temps[mark + i]->u.s.len;
        if (h->temps[mark + i]->u.s.kindw > kind)
            kind = h->temps[mark + i]->u.s.kindw;
    }
    /* the pieces go through UTF-8 and back: a unit per 2 bytes of the result's
     * code units (chars / 16 let f'{x!a}{x}' of a 4M-emoji str join 184 MB in 1 s
     * of CPU for 3M units: helper-56, 2026-12-04, test_limits
     * wide_fstring_joins_spend_their_budget) */
    obj_t *r = NULL;
    if (heap_quota_room(h, 1, chars * 4 + 64) && heap_work(h, (int64_t)(chars * kind / 2) + 1)) {
        for (size_t i = 0; i < s->nitems; i++) {
            size_t n;
            char *t = str_to_utf8_n(h->temps[mark + i], &n);
            sb_putn(&sb, t, n);
            free(t);
        }
        r = str_new_text(h, sb.buf ? sb.buf : "", sb.len);
    }
    sb_free(&sb);
    heap_pop_temps(h, mark);
    return r;
}

obj_t *value_eval(heap_t *h, spec_t *s)
{
    size_t mark = h->ntemps;
    obj_t *r;
    if (s->konst &&
        ((s->form != SP_LIST && s->form != SP_SET && s->form != SP_FROZENSET && s->form != SP_DICT) ||
         s->folded))
        return obj_newref(s->konst);
    switch (s->form) {
    case SP_REF: return refpath_eval(h, &s->ref);
    case SP_KEPT:
        if ((size_t)s->i >= h->nkept || !h->kept[s->i]) /* a translation's mistake, never the client's */
            return exc_set(h->exc, ST_BADREQ, "bad_request", "no value kept for this argument"), NULL;
        return obj_newref(h->kept[s->i]);
    case SP_LIST: {
        if (s->konst) { /* BUILD_LIST 0; LIST_EXTEND tuple-constant */
            obj_t *l = list_new(h, 0, true);
            list_extend_prealloc(h, l, s->konst->u.seq.items, s->konst->u.seq.len);
            return l;
        }
        if (s->nitems > STACK_USE_GUIDELINE)
            return eval_list_big(h, s);
        if (!eval_items(h, s))
            return fail_items(h, mark);
        obj_t **items = take_temps(h, s->nitems);
        obj_t *l = list_new(h, s->nitems, true);
        if (s->nitems)
            memcpy(l->u.seq.items, items, s->nitems * sizeof *items);
        l->u.seq.len = s->nitems;
        free(items);
        return l;
    }
    case SP_TUPLE: {
        if (s->nitems > STACK_USE_GUIDELINE) { /* a list, then LIST_TO_TUPLE (PyList_AsTuple) */
            obj_t *l = eval_list_big(h, s);
            if (!l)
                return NULL;
            obj_t *t = tuple_from_array(h, l->u.seq.items, l->u.seq.len);
            obj_decref(h, l);
            return t;
        }
        if (!eval_items(h, s))
            return fail_items(h, mark);
        obj_t **items = take_temps(h, s->nitems);
        obj_t *t = tuple_new_steal(h, items, s->nitems);
        free(items);
        return t;
    }
    case SP_SET:
        if (!s->nitems && bound_call(h, s, CALLEE_SET, NULL, false, &r))
            return r;
        return eval_set(h, s);
    case SP_FROZENSET: {
        if (bound_call(h, s, CALLEE_FROZENSET, NULL, s->nitems > 0, &r))
            return r;
        if (s->nitems == 0)
            return c_call_returned(h, set_new(h, K_FROZENSET));
        obj_t *tmp = eval_set(h, s); /* frozenset({...}) */
        if (!tmp)
            return NULL;
        heap_push_temp(h, tmp);
        obj_t *fs = set_new(h, K_FROZENSET);
        set_merge(h, fs, tmp);
        heap_pop_temps(h, mark);
        if (h->exc->status) { /* the budget, for reading tmp's table */
            obj_decref(h, fs);
            return NULL;
        }
        return c_call_returned(h, fs);
    }
    case SP_DICT: return eval_dict(h, s);
    case SP_OBJECT:
        if (bound_call(h, s, CALLEE_OBJECT, NULL, false, &r))
            return r;
        return c_call_returned(h, object_new(h));
    case SP_INSTANCE: {
        obj_t *cls = refpath_keyword_constant(h, s->text); /* None(): TypeError */
        if (!cls)
            cls = heap_name_get(h, s->text);
        if (!cls)
            return c_call_returned(h, s->nitems ? call_builtin_args(h, s->text) : call_builtin0(h, s->text));
        bool inline_frame = py_call_inline(cls);
        /* CALL 0: a class makes an instance, a weakref gives its referent */
        obj_t *r = s->nitems ? call_args(h, cls, s) : py_call(h, cls, NULL, 0);
        return inline_frame ? r : c_call_returned(h, r);
    }
    case SP_FORMAT: { /* the value, then the spec onto the stack; FORMAT_VALUE */
        obj_t *v = value_eval(h, s->items[0]);
        if (!v)
            return NULL;
        obj_t *spec = NULL;
        if (s->nitems > 1) {
            heap_push_temp(h, v);
            spec = value_eval(h, s->items[1]);
            h->ntemps = mark; /* the reference goes to format_field() */
            if (!spec) {
                obj_decref(h, v);
                return NULL;
            }
        }
        obj_t *r = format_field(h, v, (int)s->i, spec);
        if (spec)
            obj_decref(h, spec);
        return r;
    }
    case SP_FSTRING: return eval_fstring(h, s);
    case SP_WEAKCONT:
        if (s->unbound) {
            exc_set(h->exc, ST_PYEXC, "NameError", "name 'weakref' is not defined");
            return NULL;
        }
        if (bound_call(h, s, CALLEE_WEAKREF, spec_weakcont_names[s->wkind], false, &r))
            return r;
        return c_call_returned(h, weakcont_new(h, s->wkind)); /* type_call(): __init__ inside */
    default: exc_set(h->exc, ST_BADREQ, "bad_request", "unsupported value"); return NULL;
    }
}
