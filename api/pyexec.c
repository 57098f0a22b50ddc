/*
 * pyexec.c — Python source to heap statements (POST .../exec).
 *
 * The source is parsed whole first (pyparse: CPython's SyntaxErrors, and
 * the first construct outside the subset). Then each top-level statement
 * is matched against the shapes of the subset: a table of calls (`gc.*`,
 * `sys.*`, builtins, methods) for expression statements and assigned
 * values, literals and displays as value specs (folded as CPython's AST
 * optimizer folds constants: ast_opt.c), names and reference paths. A
 * shape we cannot run exactly as CPython would is `unsupported`, never a
 * guess.
 */
#include "pyexec.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "pylex.h"
#include "pyparse.h"
#include "pyparse_profile.h"

#define MAX_PATH_LEN 1024                 /* refpath.c's MAX_PATH */
#define MAX_SPEC_NODES 100000             /* values (spec nodes), targets and names of one source */
#define MAX_SPEC_BYTES ((size_t)32 << 20) /* bytes of str/bytes/int text its specs hold */
#define MAX_STR_SIZE 4096                 /* ast_opt.c: characters of a folded str or bytes */
#define MAX_COLLECTION_SIZE 256           /* ast_opt.c: items of a folded tuple */
#define MAX_TOTAL_ITEMS 1024              /* ast_opt.c: items of a folded tuple, nested ones included */
#define MAX_INT_SIZE 128                  /* ast_opt.c: bits of a folded *, ** or << */

/* Pool --------------------------------------------------------------------------- */

/* The unit's memory: zeroed blocks carved from chunks (one free for all),
 * and the specs, which the engine's spec functions own and free. */
typedef struct pool_chunk {
    struct pool_chunk *next;
    size_t used, cap;
    max_align_t data[];
} pool_chunk_t;

struct pyexec_pool {
    pool_chunk_t *chunks;
    spec_t **specs;
    size_t nspecs, capspecs;
};

#define POOL_CHUNK ((size_t)16 << 10)

static void *pool_calloc(struct pyexec_pool *p, size_t n, size_t size)
{
    size_t bytes = (n ? n : 1) * size, align = sizeof(max_align_t);
    bytes = (bytes + align - 1) / align * align;
    pool_chunk_t *c = p->chunks;
    if (!c || c->cap - c->used < bytes) {
        size_t cap = bytes > POOL_CHUNK ? bytes : POOL_CHUNK;
        c = xmalloc(sizeof *c + cap);
        c->next = p->chunks;
        c->used = 0;
        c->cap = cap;
        p->chunks = c;
    }
    void *r = (char *)c->data + c->used;
    c->used += bytes;
    memset(r, 0, bytes);
    return r;
}

static char *pool_strndup(struct pyexec_pool *p, const char *s, size_t n)
{
    char *c = pool_calloc(p, n + 1, 1);
    memcpy(c, s, n);
    return c;
}

/* A spec owned by the unit (freed with it) unless it becomes another's item. */
static spec_t *owned(struct pyexec_pool *p, spec_t *s)
{
    if (!s)
        return NULL;
    if (p->nspecs == p->capspecs) {
        p->capspecs = p->capspecs ? p->capspecs * 2 : 64;
        p->specs = realloc(p->specs, p->capspecs * sizeof *p->specs);
    }
    p->specs[p->nspecs++] = s;
    return s;
}

/* Translation context ------------------------------------------------------------- */

typedef struct {
    pyexec_unit_t *u;
    struct pyexec_pool *pool;
    const pyparse_result_t *parsed;
    int line;         /* the statement being translated */
    unsigned needs;   /* modules it uses */
    size_t nodes;     /* spec nodes, targets and deleted names so far (MAX_SPEC_NODES) */
    size_t bytes;     /* text the specs hold so far (MAX_SPEC_BYTES) */
    bool weak_values; /* the statement has a weak container display */
    bool failed;
    bool past_range;     /* an int fold CPython makes whose operand or value is 2**128 or more */
    int minor;           /* the Python version's: 10 .. 13 */
    const char *version; /* "3.11" */
    bool module;         /* one unit (module mode): only its first statement is a docstring */
    const pyparse_profile_t *prof;
    const char *const *locals; /* translating a function's body: its parameters (NULL-ended) */
} tctx_t;

static void *unsupported(tctx_t *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void *unsupported(tctx_t *c, int line, const char *fmt, ...)
{
    if (c->failed)
        return NULL;
    c->failed = true;
    c->u->status = PYEXEC_UNSUPPORTED;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->u->msg, sizeof c->u->msg, fmt, ap);
    va_end(ap);
    c->u->lineno = line ? line : c->line;
    return NULL;
}

/* A bound of ours (not CPython's) is reached: the source is refused whole. */
static void *limit(tctx_t *c, const char *which, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void *limit(tctx_t *c, const char *which, const char *fmt, ...)
{
    if (c->failed)
        return NULL;
    c->failed = true;
    c->u->status = PYEXEC_LIMIT;
    c->u->limit = which;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->u->msg, sizeof c->u->msg, fmt, ap);
    va_end(ap);
    c->u->lineno = c->line;
    return NULL;
}

/* Counts n nodes (values, targets, names) against MAX_SPEC_NODES. */
static bool count_nodes(tctx_t *c, size_t n)
{
    c->nodes += n;
    if (c->nodes <= MAX_SPEC_NODES)
        return true;
    return limit(c, "source", "a source holds at most %d values, targets and names", MAX_SPEC_NODES), false;
}

/* Counts n bytes of text against MAX_SPEC_BYTES: a folded constant copied
 * into many places costs each copy here, where CPython shares one object. */
static bool count_bytes(tctx_t *c, size_t n)
{
    c->bytes += n;
    if (c->bytes <= MAX_SPEC_BYTES)
        return true;
    return limit(c, "source", "the values of a source hold at most %zu MiB of text", MAX_SPEC_BYTES >> 20),
           false;
}

static bool is_name(const pyparse_expr_t *e, const char *id)
{
    return e && e->kind == PYEXPR_NAME && strcmp(e->v.name.id, id) == 0;
}

static const struct {
    const char *name;
    unsigned bit;
} modules[] = {{"gc", PYMOD_GC}, {"sys", PYMOD_SYS}, {"weakref", PYMOD_WEAKREF}};

static unsigned module_bit(const char *name)
{
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++)
        if (strcmp(modules[i].name, name) == 0)
            return modules[i].bit;
    return 0;
}

/* `mod.attr` with mod one of the importable modules: its bit, noted as used */
static bool is_module_attr(tctx_t *c, const pyparse_expr_t *e, const char *mod, const char *attr)
{
    if (!e || e->kind != PYEXPR_ATTRIBUTE || !is_name(e->v.attribute.value, mod) ||
        strcmp(e->v.attribute.attr, attr) != 0)
        return false;
    c->needs |= module_bit(mod);
    return true;
}

/* Builtins and modules the subset calls by name: binding one would change
 * what later statements mean, which heapd does not follow. */
static bool reserved_name(const char *id)
{
    static const char *const names[] = {"gc", "sys", "weakref", "print",     "len",
                                        "id", "set", "object",  "frozenset", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], id) == 0)
            return true;
    return false;
}

static bool is_dunder(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

/* Is id one of the parameters of the function body being translated? */
static bool is_local(const tctx_t *c, const char *id)
{
    for (size_t i = 0; c->locals && c->locals[i]; i++)
        if (!strcmp(c->locals[i], id))
            return true;
    return false;
}

/* Constants and folding (ast_opt.c) ------------------------------------------------ */

static spec_t *new_spec(tctx_t *c, spec_kind_t k)
{
    if (!count_nodes(c, 1))
        return NULL;
    return spec_new(k);
}

static spec_t *int_spec_text(tctx_t *c, const char *digits, bool negative)
{
    while (digits[0] == '0' && digits[1])
        digits++;
    size_t n = strlen(digits);
    if (n > 4300)
        return unsupported(c, 0, "an int literal of more than 4300 digits");
    if (n <= 18) {
        spec_t *s = new_spec(c, SP_INT);
        if (s)
            s->i = negative ? -(int64_t)strtoll(digits, NULL, 10) : (int64_t)strtoll(digits, NULL, 10);
        return s;
    }
    spec_t *s = count_bytes(c, n) ? new_spec(c, SP_BIGINT) : NULL;
    if (!s)
        return NULL;
    s->text = malloc(n + 2);
    sprintf(s->text, "%s%s", negative && strcmp(digits, "0") ? "-" : "", digits);
    return s;
}

#define U128_MAX (~(unsigned __int128)0)

/* An int constant as a sign and a magnitude; false for one of 2**128 or more. */
static bool int_value(const spec_t *s, bool *neg, unsigned __int128 *mag)
{
    if (s->form == SP_BOOL || s->form == SP_INT) {
        int64_t v = s->form == SP_BOOL ? s->b : s->i;
        *neg = v < 0;
        *mag = v < 0 ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
        return true;
    }
    if (s->form != SP_BIGINT)
        return false;
    const char *p = s->text;
    *neg = *p == '-';
    p += *neg;
    if (strlen(p) > 39)
        return false;
    unsigned __int128 m = 0;
    for (; *p; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (m > (U128_MAX - d) / 10)
            return false; /* 2**128 or more: not folded here */
        m = m * 10 + d;
    }
    *mag = m;
    return true;
}

static spec_t *int_from_value(tctx_t *c, bool neg, unsigned __int128 mag)
{
    char buf[48];
    int i = sizeof buf - 1;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + (int)(mag % 10));
        mag /= 10;
    } while (mag);
    return int_spec_text(c, buf + i, neg);
}

static bool is_int(const spec_t *s)
{
    return s->form == SP_INT || s->form == SP_BIGINT || s->form == SP_BOOL;
}

static bool is_number(const spec_t *s)
{
    return is_int(s) || s->form == SP_FLOAT;
}

/* PyLong_AsDouble() of an int below 2**128 (the conversion rounds as it does), or a float's value. */
static bool as_double(const spec_t *s, double *d)
{
    if (s->form == SP_FLOAT) {
        *d = s->f;
        return true;
    }
    bool neg;
    unsigned __int128 m;
    if (!int_value(s, &neg, &m))
        return false; /* PyLong_AsDouble(): below 2**128, the conversion rounds to nearest, ties to even */
    *d = neg ? -(double)m : (double)m;
    return true;
}

/* A folded float. float_add(), float_sub(), float_mul() and float_div()
 * raise nothing on overflow (the constant is an infinity: `-1e309`,
 * `1e308 * 10`); only float_pow() raises OverflowError, so pow() results are
 * checked where they are made. A NaN (`1e309 - 1e309`) is left out: its
 * comparisons are not modelled. */
static spec_t *float_spec(tctx_t *c, double d)
{
    if (isnan(d))
        return unsupported(c, 0,
                           "a NaN constant (CPython folds it; heapd does not model NaN's hash and "
                           "comparisons)");
    spec_t *s = new_spec(c, SP_FLOAT);
    if (s)
        s->f = d;
    return s;
}

static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static spec_t *copy_spec(tctx_t *c, const spec_t *s)
{
    if (!count_bytes(c, s->len + (s->text ? strlen(s->text) : 0)))
        return NULL;
    spec_t *d = new_spec(c, s->form);
    if (!d)
        return NULL;
    d->b = s->b;
    d->i = s->i;
    d->f = s->f;
    d->len = s->len;
    d->wkind = s->wkind;
    d->folded = s->folded;
    d->held_again = s->held_again;
    d->held_true = s->held_true;
    d->held_false = s->held_false;
    if (s->text) {
        d->text = malloc(s->len + strlen(s->text) + 1);
        memcpy(d->text, s->text, s->form == SP_STR ? s->len + 1 : strlen(s->text) + 1);
    }
    if (s->bytes) {
        d->bytes = malloc(s->len + 1);
        memcpy(d->bytes, s->bytes, s->len);
    }
    if (s->ref.path)
        d->ref.path = strdup(s->ref.path);
    d->ref.id = s->ref.id;
    for (size_t i = 0; i < s->nitems; i++) {
        spec_t *it = copy_spec(c, s->items[i]);
        if (!it) {
            spec_free(d);
            return NULL;
        }
        spec_append(d, it);
    }
    return d;
}

/* check_complexity(): the items of a tuple, nested tuples' included */
static long complexity(const spec_t *s, long limit)
{
    if (s->form != SP_TUPLE)
        return limit;
    limit -= (long)s->nitems;
    for (size_t i = 0; limit >= 0 && i < s->nitems; i++)
        limit = complexity(s->items[i], limit);
    return limit;
}

/* _float_div_mod() of Objects/floatobject.c */
static void float_div_mod(double vx, double wx, double *floordiv, double *mod)
{
    *mod = fmod(vx, wx);
    double div = (vx - *mod) / wx;
    if (*mod) {
        if ((wx < 0) != (*mod < 0)) {
            *mod += wx;
            div -= 1.0;
        }
    } else {
        *mod = copysign(0.0, wx);
    }
    if (div) {
        *floordiv = floor(div);
        if (div - *floordiv > 0.5)
            *floordiv += 1.0;
    } else {
        *floordiv = copysign(0.0, vx / wx);
    }
}

static unsigned bits_of(unsigned __int128 m)
{
    unsigned n = 0;
    while (m) {
        n++;
        m >>= 1;
    }
    return n;
}

/* An int folded exactly: a sign and a magnitude below 2**128, which holds
 * every result of *, ** and << that ast_opt.c's safe_multiply(),
 * safe_power() and safe_lshift() let through (MAX_INT_SIZE bits). */
typedef struct {
    bool neg;
    unsigned __int128 m;
} i128_t;

#define I127_LIMIT ((unsigned __int128)1 << 127)

/* a + b; false when the magnitude does not fit (CPython folds it; heapd says unsupported) */
static bool i128_add(i128_t a, i128_t b, i128_t *r)
{
    if (a.neg == b.neg) {
        if (a.m > U128_MAX - b.m)
            return false;
        r->neg = a.neg;
        r->m = a.m + b.m;
    } else if (a.m >= b.m) {
        r->neg = a.neg;
        r->m = a.m - b.m;
    } else {
        r->neg = b.neg;
        r->m = b.m - a.m;
    }
    if (!r->m)
        r->neg = false;
    return true;
}

/* Two's complement of a magnitude below 2**127 (bitwise operations). */
static __int128 i128_signed(i128_t a)
{
    return a.neg ? -(__int128)(a.m - 1) - 1 : (__int128)a.m;
}

static i128_t i128_of(__int128 v)
{
    i128_t x = {v < 0, v < 0 ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v};
    return x;
}

/* What a fold CPython makes and heapd does not is (README, deviations). */
#define PAST_RANGE "an int constant fold past 128 bits (CPython folds it; heapd folds ints below 2**128)"

/* Folds an int operation; NULL (not folded) when CPython would not fold it
 * or we cannot compute it exactly (then c->past_range). */
static spec_t *fold_int(tctx_t *c, pyparse_binop_t op, const spec_t *l, const spec_t *r)
{
    i128_t a, b, x = {false, 0};
    if (!int_value(l, &a.neg, &a.m) || !int_value(r, &b.neg, &b.m)) {
        /* safe_multiply(), safe_power() and safe_lshift() refuse such an operand; the rest fold */
        c->past_range = op != PYOP_MULT && op != PYOP_LSHIFT && op != PYOP_POW;
        return NULL;
    }
    switch (op) {
    case PYOP_ADD:
        if (!i128_add(a, b, &x))
            return (c->past_range = true), NULL;
        break;
    case PYOP_SUB:
        b.neg = b.m ? !b.neg : false;
        if (!i128_add(a, b, &x))
            return (c->past_range = true), NULL;
        break;
    case PYOP_MULT: /* safe_multiply(): at most MAX_INT_SIZE bits, so the product fits */
        if (a.m && b.m && bits_of(a.m) + bits_of(b.m) > MAX_INT_SIZE)
            return NULL;
        x.m = a.m * b.m;
        x.neg = x.m && a.neg != b.neg;
        break;
    case PYOP_POW: { /* safe_power() */
        if (b.neg) { /* long_pow() hands a negative exponent to float_pow() */
            double da, db;
            if (!as_double(l, &da) || !as_double(r, &db) || da == 0 || !isfinite(pow(da, db)))
                return NULL; /* ZeroDivisionError, OverflowError at run time */
            return float_spec(c, pow(da, db));
        }
        if (a.m && b.m && bits_of(a.m) > MAX_INT_SIZE / (unsigned)(b.m > 1000 ? 1000 : b.m))
            return NULL;
        x.m = 1;
        /* a zero base skips the bound, as in safe_power(): 0 ** (2 ** 64) is 0 (never one
           multiplication per unit of the exponent); past it a base of 1 has b.m <= 128 */
        if (!a.m && b.m)
            x.m = 0;
        for (unsigned __int128 k = 0; a.m && k < b.m; k++) {
            if (x.m && a.m && bits_of(x.m) + bits_of(a.m) > MAX_INT_SIZE)
                return NULL;
            x.m *= a.m;
        }
        x.neg = a.neg && (b.m & 1) && x.m;
        break;
    }
    case PYOP_LSHIFT: /* safe_lshift() */
        if (b.neg)
            return NULL; /* ValueError at run time */
        if (a.m && b.m && (b.m > MAX_INT_SIZE || bits_of(a.m) > MAX_INT_SIZE - (unsigned)b.m))
            return NULL;
        x.m = a.m ? a.m << (unsigned)b.m : 0;
        x.neg = a.neg && x.m;
        break;
    case PYOP_RSHIFT:
        if (b.neg)
            return NULL; /* ValueError at run time */
        if (b.m >= 128) {
            x.m = a.neg ? 1 : 0;
        } else if (a.neg) { /* floor: -((m - 1) >> n) - 1 */
            x.m = ((a.m - 1) >> (unsigned)b.m) + 1;
        } else {
            x.m = a.m >> (unsigned)b.m;
        }
        x.neg = a.neg && x.m;
        break;
    case PYOP_FLOORDIV:
    case PYOP_MOD: { /* l_divmod(): the quotient floored, the remainder signed as the divisor */
        if (!b.m)
            return NULL; /* ZeroDivisionError at run time */
        unsigned __int128 q = a.m / b.m, m = a.m % b.m;
        bool differ = a.neg != b.neg;
        if (differ && m) {
            q += 1;
            m = b.m - m;
        }
        if (op == PYOP_MOD) {
            x.m = m;
            x.neg = b.neg && m;
        } else {
            x.m = q;
            x.neg = differ && q;
        }
        break;
    }
    case PYOP_DIV: { /* long_true_divide(): the exact quotient correctly rounded */
        double da, db;
        if (!b.m)
            return NULL;      /* ZeroDivisionError at run time */
        if (a.m % b.m == 0) { /* an int quotient: one rounding, its conversion's */
            double q = (double)(a.m / b.m);
            return float_spec(c, a.neg != b.neg ? -q : q);
        }
        if (a.m > ((unsigned __int128)1 << 53) || b.m > ((unsigned __int128)1 << 53) || !as_double(l, &da) ||
            !as_double(r, &db))
            return (c->past_range = true), NULL; /* both exact doubles: their quotient is rounded once */
        return float_spec(c, da / db);
    }
    case PYOP_BITAND:
    case PYOP_BITOR:
    case PYOP_BITXOR: {
        if (a.m > I127_LIMIT || b.m > I127_LIMIT || (a.m == I127_LIMIT && !a.neg) ||
            (b.m == I127_LIMIT && !b.neg))
            return (c->past_range = true), NULL; /* past two's complement in 128 bits */
        __int128 va = i128_signed(a), vb = i128_signed(b);
        __int128 v = op == PYOP_BITAND ? (va & vb) : op == PYOP_BITOR ? (va | vb) : (va ^ vb);
        if (l->form == SP_BOOL && r->form == SP_BOOL) { /* bool & bool is a bool */
            spec_t *s = new_spec(c, SP_BOOL);
            if (s)
                s->b = v != 0;
            return s;
        }
        x = i128_of(v);
        break;
    }
    default: return NULL;
    }
    return int_from_value(c, x.neg, x.m);
}

static spec_t *fold_float(tctx_t *c, pyparse_binop_t op, const spec_t *l, const spec_t *r)
{
    double a, b, q, m;
    if (!as_double(l, &a) || !as_double(r, &b))
        return NULL;
    switch (op) {
    case PYOP_ADD: return float_spec(c, a + b);
    case PYOP_SUB: return float_spec(c, a - b);
    case PYOP_MULT: return float_spec(c, a * b);
    case PYOP_DIV: return b == 0 ? NULL : float_spec(c, a / b);
    case PYOP_FLOORDIV:
    case PYOP_MOD:
        if (b == 0)
            return NULL;
        float_div_mod(a, b, &q, &m);
        return float_spec(c, op == PYOP_MOD ? m : q);
    case PYOP_POW:
        /* float_pow(): leave the special cases (negative base, zero, infinities) to run time */
        if (a <= 0 || !isfinite(a) || !isfinite(b) || !isfinite(pow(a, b)))
            return NULL; /* OverflowError: CPython leaves it to run time */
        return float_spec(c, pow(a, b));
    default: return NULL;
    }
}

/* str/bytes/tuple + and *: safe_multiply()'s limits */
static spec_t *fold_seq(tctx_t *c, pyparse_binop_t op, const spec_t *l, const spec_t *r)
{
    if (op == PYOP_ADD && l->form == r->form && (l->form == SP_STR || l->form == SP_BYTES)) {
        spec_t *s = count_bytes(c, l->len + r->len) ? new_spec(c, l->form) : NULL;
        if (!s)
            return NULL;
        s->len = l->len + r->len;
        char *buf = malloc(s->len + 1);
        memcpy(buf, l->form == SP_STR ? l->text : (char *)l->bytes, l->len);
        memcpy(buf + l->len, r->form == SP_STR ? r->text : (char *)r->bytes, r->len);
        buf[s->len] = 0;
        if (s->form == SP_STR)
            s->text = buf;
        else
            s->bytes = (uint8_t *)buf;
        return s;
    }
    if (op == PYOP_ADD && l->form == SP_TUPLE && r->form == SP_TUPLE) {
        spec_t *s = copy_spec(c, l);
        for (size_t i = 0; s && i < r->nitems; i++) {
            spec_t *it = copy_spec(c, r->items[i]);
            if (!it) {
                spec_free(s);
                return NULL;
            }
            spec_append(s, it);
        }
        return s;
    }
    if (op != PYOP_MULT)
        return NULL;
    const spec_t *seq = is_int(l) ? r : l, *num = is_int(l) ? l : r;
    if (!is_int(num) || (seq->form != SP_STR && seq->form != SP_BYTES && seq->form != SP_TUPLE))
        return NULL;
    bool neg;
    unsigned __int128 m;
    if (!int_value(num, &neg, &m))
        return NULL;
    size_t size = seq->form == SP_TUPLE ? seq->nitems
                  : seq->form == SP_STR ? utf8_chars(seq->text, seq->len)
                                        : seq->len;
    long n = neg ? -1 : m > 1000000 ? 1000000 : (long)m;
    if (size) {
        long cap = seq->form == SP_TUPLE ? MAX_COLLECTION_SIZE : MAX_STR_SIZE;
        if (n < 0 || n > cap / (long)size)
            return NULL;
        if (seq->form == SP_TUPLE && n && complexity(seq, MAX_TOTAL_ITEMS / n) < 0)
            return NULL;
    }
    if (n < 0)
        n = 0;
    if (seq->form == SP_TUPLE) {
        spec_t *s = new_spec(c, SP_TUPLE);
        for (long k = 0; s && k < n; k++)
            for (size_t i = 0; i < seq->nitems; i++) {
                spec_t *it = copy_spec(c, seq->items[i]);
                if (!it) {
                    spec_free(s);
                    return NULL;
                }
                spec_append(s, it);
            }
        return s;
    }
    spec_t *s = count_bytes(c, seq->len * (size_t)n) ? new_spec(c, seq->form) : NULL;
    if (!s)
        return NULL;
    s->len = seq->len * (size_t)n;
    char *buf = malloc(s->len + 1);
    const char *src = seq->form == SP_STR ? seq->text : (const char *)seq->bytes;
    for (long k = 0; k < n; k++)
        memcpy(buf + (size_t)k * seq->len, src, seq->len);
    buf[s->len] = 0;
    if (s->form == SP_STR)
        s->text = buf;
    else
        s->bytes = (uint8_t *)buf;
    return s;
}

/* 30-bit digits of a magnitude, and the most significant one */
static int long_digits(unsigned __int128 m, unsigned *top)
{
    int n = 0;
    for (*top = 0; m; m >>= 30, n++)
        *top = (unsigned)(m & 0x3FFFFFFF);
    return n;
}

static bool empty_seq(const spec_t *s)
{
    return s->form == SP_TUPLE ? s->nitems == 0 : s->len == 0;
}

/* Which operand a fold gives back itself (an incref, no new object): 0 the
 * left, 1 the right, -1 neither. unicode_repeat(), bytes_repeat() and
 * tuplerepeat() by 1; PyUnicode_Concat(), bytes_concat() and tupleconcat()
 * with an empty side; long_rem()'s |a| < |b| (digit-wise, past l_mod()'s
 * fast_mod() of two one-digit ints) when l_mod() keeps its sign. Empty
 * sequences and small ints are shared objects: left out. */
static int fold_gives_operand(pyparse_binop_t op, const spec_t *l, const spec_t *r)
{
    bool lseq = l->form == SP_STR || l->form == SP_BYTES || l->form == SP_TUPLE;
    bool rseq = r->form == SP_STR || r->form == SP_BYTES || r->form == SP_TUPLE;
    bool neg;
    unsigned __int128 m;
    if (op == PYOP_MULT && lseq != rseq) {
        const spec_t *seq = lseq ? l : r, *num = lseq ? r : l;
        return is_int(num) && int_value(num, &neg, &m) && !neg && m == 1 && !empty_seq(seq) ? !lseq : -1;
    }
    if (op == PYOP_ADD && lseq && l->form == r->form && empty_seq(l) != empty_seq(r))
        return empty_seq(l) ? 1 : 0;
    bool aneg, bneg;
    unsigned __int128 a, b;
    if (op != PYOP_MOD || (l->form != SP_INT && l->form != SP_BIGINT) ||
        (r->form != SP_INT && r->form != SP_BIGINT) || !int_value(l, &aneg, &a) || !int_value(r, &bneg, &b) ||
        (aneg ? a <= 5 : a <= 256) || aneg != bneg)
        return -1;
    unsigned atop, btop;
    int na = long_digits(a, &atop), nb = long_digits(b, &btop);
    if (na == 1 && nb == 1)
        return -1;
    return na < nb || (na == nb && atop < btop) ? 0 : -1;
}

/* What spec_t's counts of the arena's extra holds reach (held_again; held_true and held_false) */
#define MAX_HELD_AGAIN 255
#define MAX_HELD_BOOLS 15
#define PAST_HELD "more than 255 folds giving back one constant, or 15 folded bools consumed by later folds"

/* make_const() put each fold's result in the AST's arena, where it stays
 * when a later fold consumes it: out, made of op, keeps op's bools (shared
 * objects whose counts 3.10 and 3.11 show); false past what out can count */
static bool arena_keeps(spec_t *out, const spec_t *op)
{
    bool b = op->form == SP_BOOL && op->folded;
    unsigned t = out->held_true + op->held_true + (b && op->b),
             f = out->held_false + op->held_false + (b && !op->b);
    if (t > MAX_HELD_BOOLS || f > MAX_HELD_BOOLS)
        return false;
    out->held_true = t;
    out->held_false = f;
    return true;
}

/* fold_binop(): both operands constants; NULL when CPython leaves it to run time */
static spec_t *fold_binop(tctx_t *c, pyparse_binop_t op, const spec_t *l, const spec_t *r)
{
    if (is_int(l) && is_int(r))
        return fold_int(c, op, l, r);
    if (is_number(l) && is_number(r))
        return fold_float(c, op, l, r);
    return fold_seq(c, op, l, r);
}

static spec_t *fold_unary(tctx_t *c, pyparse_unaryop_t op, const spec_t *v)
{
    if (op == PYUOP_NOT) { /* unary_not(): truthiness */
        bool t;
        switch (v->form) {
        case SP_NONE: t = false; break;
        case SP_BOOL: t = v->b; break;
        case SP_INT: t = v->i != 0; break;
        case SP_BIGINT: t = true; break;
        case SP_FLOAT: t = v->f != 0; break;
        case SP_STR:
        case SP_BYTES: t = v->len != 0; break;
        case SP_TUPLE: t = v->nitems != 0; break;
        default: return NULL;
        }
        spec_t *s = new_spec(c, SP_BOOL);
        if (s)
            s->b = !t;
        return s;
    }
    if (v->form == SP_FLOAT && op != PYUOP_INVERT)
        return float_spec(c, op == PYUOP_USUB ? -v->f : v->f);
    if (!is_int(v) || (v->form == SP_BOOL && op == PYUOP_INVERT)) /* ~bool warns from 3.12 */
        return NULL;
    if (v->form == SP_BIGINT && op != PYUOP_INVERT) {
        bool neg = v->text[0] == '-';
        return int_spec_text(c, v->text + neg, op == PYUOP_USUB ? !neg : neg);
    }
    i128_t a, one = {false, 1}, x;
    if (!int_value(v, &a.neg, &a.m))
        return (c->past_range = true), NULL;
    if (op == PYUOP_UADD)
        return int_from_value(c, a.neg, a.m);
    if (op == PYUOP_USUB)
        return int_from_value(c, a.m ? !a.neg : false, a.m);
    a.neg = a.m ? !a.neg : false; /* ~x == -x - 1 */
    one.neg = true;
    if (!i128_add(a, one, &x))
        return (c->past_range = true), NULL;
    return int_from_value(c, x.neg, x.m);
}

/* Expressions to value specs --------------------------------------------------------- */

static spec_t *value_spec(tctx_t *c, const pyparse_expr_t *e);
static bool is_computed(const pyparse_expr_t *e);

/* Appends a path step for e (a name, attribute or constant subscript). */
static bool path_of(tctx_t *c, const pyparse_expr_t *e, char *buf, size_t *len)
{
    char step[MAX_PATH_LEN + 8];
    size_t n = 0;
    switch (e->kind) {
    case PYEXPR_NAME:
        if (module_bit(e->v.name.id))
            return unsupported(c, e->lineno, "the module '%s' as a value", e->v.name.id), false;
        if (is_dunder(e->v.name.id))
            return unsupported(c, e->lineno, "the dunder name '%.60s'", e->v.name.id), false;
        if (c->locals && !is_local(c, e->v.name.id) &&
            (reserved_name(e->v.name.id) || heap_version_builtin(c->version, e->v.name.id)))
            return unsupported(c, e->lineno, "the builtin '%.60s' in the body of __init__", e->v.name.id),
                   false;
        n = strlen(e->v.name.id);
        if (n >= MAX_PATH_LEN)
            return unsupported(c, e->lineno, "a reference path longer than %d characters", MAX_PATH_LEN),
                   false;
        memcpy(step, e->v.name.id, n + 1);
        break;
    case PYEXPR_ATTRIBUTE:
        if (e->v.attribute.value->kind == PYEXPR_NAME && module_bit(e->v.attribute.value->v.name.id))
            return unsupported(c, e->lineno, "%s.%.60s as a value", e->v.attribute.value->v.name.id,
                               e->v.attribute.attr),
                   false;
        if (!path_of(c, e->v.attribute.value, buf, len))
            return false;
        if (is_dunder(e->v.attribute.attr))
            return unsupported(c, e->lineno, "the dunder attribute '%.60s'", e->v.attribute.attr), false;
        n = strlen(e->v.attribute.attr) + 1;
        if (n >= MAX_PATH_LEN)
            return unsupported(c, e->lineno, "a reference path longer than %d characters", MAX_PATH_LEN),
                   false;
        step[0] = '.';
        memcpy(step + 1, e->v.attribute.attr, n);
        break;
    case PYEXPR_SUBSCRIPT: {
        if (!path_of(c, e->v.subscript.value, buf, len))
            return false;
        spec_t *k = value_spec(c, e->v.subscript.slice);
        if (!k)
            return false;
        if (k->form == SP_INT) {
            n = (size_t)snprintf(step, sizeof step, "[%" PRId64 "]", k->i);
        } else if (k->form == SP_BIGINT && strlen(k->text) + 2 < MAX_PATH_LEN) {
            /* an int literal of any size, as a JSON path takes it (core/refpath.c STEP_BIGINDEX):
             * BINARY_SUBSCR with the int, whatever its size */
            n = (size_t)snprintf(step, sizeof step, "[%s]", k->text);
        } else if (k->form == SP_STR && k->len < MAX_PATH_LEN && strlen(k->text) == k->len) {
            step[n++] = '[';
            step[n++] = '\'';
            for (size_t i = 0; i < k->len && n < MAX_PATH_LEN; i++) {
                if (k->text[i] == '\'' || k->text[i] == '\\')
                    step[n++] = '\\';
                step[n++] = k->text[i];
            }
            step[n++] = '\'';
            step[n++] = ']';
            step[n] = 0;
        } else {
            spec_free(k);
            return unsupported(c, e->lineno, "a subscript other than an int or str constant in a reference"),
                   false;
        }
        spec_free(k);
        break;
    }
    default:
        return unsupported(c, e->lineno, "%s where a name or reference path is expected",
                           pyparse_expr_kind_name(e->kind)),
               false;
    }
    if (*len + n >= MAX_PATH_LEN)
        return unsupported(c, e->lineno, "a reference path longer than %d characters", MAX_PATH_LEN), false;
    memcpy(buf + *len, step, n + 1);
    *len += n;
    return true;
}

static bool is_path_expr(const pyparse_expr_t *e)
{
    return e->kind == PYEXPR_NAME || e->kind == PYEXPR_ATTRIBUTE || e->kind == PYEXPR_SUBSCRIPT;
}

/* A reference path as the engine reads it ("a.b[0]['k']"), pool-owned. */
static const char *ref_path(tctx_t *c, const pyparse_expr_t *e)
{
    char buf[MAX_PATH_LEN + 16];
    size_t len = 0;
    buf[0] = 0;
    if (!is_path_expr(e))
        return unsupported(c, e->lineno, "%s where a name or reference path is expected",
                           pyparse_expr_kind_name(e->kind));
    if (!path_of(c, e, buf, &len))
        return NULL;
    return pool_strndup(c->pool, buf, len);
}

static spec_t *items_spec(tctx_t *c, spec_kind_t kind, const pyparse_exprs_t *items)
{
    spec_t *s = new_spec(c, kind);
    for (size_t i = 0; s && i < items->n; i++) {
        spec_t *it = value_spec(c, items->items[i]);
        if (!it) {
            spec_free(s);
            return NULL;
        }
        spec_append(s, it);
    }
    return s;
}

/* Calls that make a value: object(), set(), frozenset(), frozenset({...}),
 * Cls(), weakref.WeakValueDictionary() ... */
static spec_t *call_spec(tctx_t *c, const pyparse_expr_t *e)
{
    const pyparse_expr_t *f = e->v.call.func;
    size_t nargs = e->v.call.args.n;
    if (e->v.call.n_keywords)
        return unsupported(c, e->lineno, "keyword arguments in this call");
    for (int i = 0; i < WC_N; i++)
        if (is_module_attr(c, f, "weakref", spec_weakcont_names[i])) {
            if (c->locals)
                return unsupported(c, e->lineno, "weakref.%s() in the body of __init__",
                                   spec_weakcont_names[i]);
            if (nargs)
                return unsupported(c, e->lineno, "arguments to weakref.%s()", spec_weakcont_names[i]);
            /* LOAD_NAME weakref runs where the display is evaluated: its NameError is the
             * node's (pyexec_bind_weakref), not the statement's */
            c->needs &= ~(unsigned)PYMOD_WEAKREF;
            c->weak_values = true;
            spec_t *s = new_spec(c, SP_WEAKCONT);
            if (s)
                s->wkind = i;
            return s;
        }
    if (f->kind != PYEXPR_NAME)
        return unsupported(c, e->lineno, "this call as a value");
    const char *fn = f->v.name.id;
    if (!strcmp(fn, "frozenset") && nargs == 1 && e->v.call.args.items[0]->kind == PYEXPR_SET)
        return items_spec(c, SP_FROZENSET, &e->v.call.args.items[0]->v.set.elts);
    if (nargs && (reserved_name(fn) || module_bit(fn) || is_dunder(fn) || is_local(c, fn) ||
                  heap_version_builtin(c->version, fn)))
        return unsupported(c, e->lineno, "the call %.60s(...) with arguments", fn);
    if (nargs && c->locals)
        return unsupported(c, e->lineno, "a call in the body of __init__");
    if (nargs) { /* Cls(a, b): the class's __init__ takes them (NameError, TypeError at run time) */
        for (size_t i = 0; i < nargs; i++)
            if (e->v.call.args.items[i]->kind == PYEXPR_STARRED)
                return unsupported(c, e->lineno, "unpacking (*) in a call");
        spec_t *s = items_spec(c, SP_INSTANCE, &e->v.call.args);
        if (s)
            s->text = strdup(fn);
        return s;
    }
    if (!strcmp(fn, "object"))
        return new_spec(c, SP_OBJECT);
    if (!strcmp(fn, "set"))
        return new_spec(c, SP_SET);
    if (!strcmp(fn, "frozenset"))
        return new_spec(c, SP_FROZENSET);
    if (reserved_name(fn) || module_bit(fn))
        return unsupported(c, e->lineno, "the call %.60s()", fn);
    if (is_dunder(fn))
        return unsupported(c, e->lineno, "the dunder name '%.60s'", fn);
    if (c->locals)
        return unsupported(c, e->lineno, "a call in the body of __init__");
    spec_t *s = new_spec(c, SP_INSTANCE); /* Cls(): NameError or TypeError at run time */
    if (s)
        s->text = strdup(fn);
    return s;
}

static spec_t *constant_spec(tctx_t *c, const pyparse_expr_t *e)
{
    const pyparse_const_t *k = &e->v.constant;
    spec_t *s = NULL;
    switch (k->kind) {
    case PYCONST_NONE: return new_spec(c, SP_NONE);
    case PYCONST_TRUE:
    case PYCONST_FALSE:
        if ((s = new_spec(c, SP_BOOL)))
            s->b = k->kind == PYCONST_TRUE;
        return s;
    case PYCONST_INT: return int_spec_text(c, k->str, false);
    case PYCONST_FLOAT:
        if ((s = new_spec(c, SP_FLOAT)))
            s->f = k->d;
        return s;
    case PYCONST_STR:
        if (count_bytes(c, k->len) && (s = new_spec(c, SP_STR))) {
            s->len = k->len;
            s->text = malloc(k->len + 1);
            memcpy(s->text, k->str, k->len);
            s->text[k->len] = 0;
        }
        return s;
    case PYCONST_BYTES:
        if (count_bytes(c, k->len) && (s = new_spec(c, SP_BYTES))) {
            s->len = k->len;
            s->bytes = malloc(k->len + 1);
            memcpy(s->bytes, k->str, k->len);
            s->folded = k->concatenated; /* one object made of several: the arena holds it once */
        }
        return s;
    default:
        return unsupported(c, e->lineno, "%s literals", k->kind == PYCONST_COMPLEX ? "complex" : "Ellipsis");
    }
}

/* An f-string's replacement field (FormattedValue): its value (value, when
 * given: what a part of the statement kept), its conversion, its format
 * spec (itself an f-string: one constant, or replacement fields of its own) */
static spec_t *field_spec(tctx_t *c, const pyparse_expr_t *fv, spec_t *value)
{
    if (!value && !(value = value_spec(c, fv->v.formattedvalue.value)))
        return NULL;
    spec_t *s = new_spec(c, SP_FORMAT);
    if (!s) {
        spec_free(value);
        return NULL;
    }
    spec_append(s, value);
    int conversion = fv->v.formattedvalue.conversion;
    s->i = conversion == 's' || conversion == 'r' || conversion == 'a' ? conversion : 0;
    if (fv->v.formattedvalue.format_spec) {
        spec_t *f = value_spec(c, fv->v.formattedvalue.format_spec);
        if (!f) {
            spec_free(s);
            return NULL;
        }
        spec_append(s, f);
    }
    return s;
}

/* compiler_joined_str(): more pieces than STACK_USE_GUIDELINE are joined by
 * ''.join() of a list instead of BUILD_STRING */
#define FSTRING_MAX_PIECES 30

/* An f-string (JoinedStr) whose fields compute nothing a part must keep:
 * its pieces, evaluated and formatted in order, then joined */
static spec_t *fstring_spec(tctx_t *c, const pyparse_expr_t *e)
{
    const pyparse_exprs_t *v = &e->v.joinedstr.values;
    if (v->n > FSTRING_MAX_PIECES)
        return unsupported(c, e->lineno, "an f-string of more than %d pieces", FSTRING_MAX_PIECES);
    spec_t *s = new_spec(c, SP_FSTRING);
    for (size_t i = 0; s && i < v->n; i++) {
        const pyparse_expr_t *p = v->items[i];
        spec_t *item = p->kind == PYEXPR_FORMATTEDVALUE ? field_spec(c, p, NULL) : value_spec(c, p);
        if (!item) {
            spec_free(s);
            return NULL;
        }
        spec_append(s, item);
    }
    return s;
}

static spec_t *value_spec(tctx_t *c, const pyparse_expr_t *e)
{
    if (c->failed)
        return NULL;
    switch (e->kind) {
    case PYEXPR_CONSTANT: return constant_spec(c, e);
    case PYEXPR_NAME:
    case PYEXPR_ATTRIBUTE:
    case PYEXPR_SUBSCRIPT: {
        const char *p = ref_path(c, e);
        if (!p)
            return NULL;
        spec_t *s = new_spec(c, SP_REF);
        if (s)
            s->ref.path = strdup(p);
        return s;
    }
    case PYEXPR_TUPLE: return items_spec(c, SP_TUPLE, &e->v.tuple.elts);
    case PYEXPR_LIST: return items_spec(c, SP_LIST, &e->v.list.elts);
    case PYEXPR_SET: return items_spec(c, SP_SET, &e->v.set.elts);
    case PYEXPR_DICT: {
        spec_t *s = new_spec(c, SP_DICT);
        for (size_t i = 0; s && i < e->v.dict.keys.n; i++) {
            if (!e->v.dict.keys.items[i]) {
                spec_free(s);
                return unsupported(c, e->lineno, "dict unpacking");
            }
            spec_t *k = value_spec(c, e->v.dict.keys.items[i]);
            spec_t *v = k ? value_spec(c, e->v.dict.values.items[i]) : NULL;
            if (!v) {
                spec_free(k);
                spec_free(s);
                return NULL;
            }
            spec_append(s, k);
            spec_append(s, v);
        }
        return s;
    }
    case PYEXPR_CALL: return call_spec(c, e);
    case PYEXPR_JOINEDSTR:
        if (is_computed(e)) /* a value here has no statement part to run its field first */
            return unsupported(c, e->lineno,
                               "an f-string whose field computes (a call, a comparison) as an argument or "
                               "an item: assign it to a name first");
        return fstring_spec(c, e);
    case PYEXPR_UNARYOP: {
        spec_t *v = value_spec(c, e->v.unaryop.operand);
        if (!v)
            return NULL;
        c->past_range = false;
        spec_t *r = spec_is_const(v) ? fold_unary(c, e->v.unaryop.op, v) : NULL;
        if (r && e->v.unaryop.op == PYUOP_UADD &&
            (v->form == SP_FLOAT || v->form == SP_BIGINT ||
             (v->form == SP_INT && (v->i < -5 || v->i > 256)))) {
            spec_free(r); /* long_long(), float_float(): the operand itself */
            r = v, v = NULL;
            if (r->held_again == MAX_HELD_AGAIN) {
                spec_free(r);
                return unsupported(c, e->lineno, PAST_HELD);
            }
            r->held_again++;
        } else if (r) {
            r->folded = true;
            if (!arena_keeps(r, v)) {
                spec_free(r);
                spec_free(v);
                return unsupported(c, e->lineno, PAST_HELD);
            }
        }
        spec_free(v);
        if (!r && !c->failed && c->past_range)
            return unsupported(c, e->lineno, PAST_RANGE);
        if (!r && !c->failed)
            return unsupported(c, e->lineno, "this unary operation (CPython computes it at run time)");
        return r;
    }
    case PYEXPR_BINOP: {
        spec_t *l = value_spec(c, e->v.binop.left);
        spec_t *r = l ? value_spec(c, e->v.binop.right) : NULL;
        c->past_range = false;
        spec_t *out = r && spec_is_const(l) && spec_is_const(r) ? fold_binop(c, e->v.binop.op, l, r) : NULL;
        int same = out ? fold_gives_operand(e->v.binop.op, l, r) : -1;
        if (same >= 0) { /* the operand itself, its node's and the fold's */
            spec_free(out);
            out = same ? r : l;
            *(same ? &r : &l) = NULL;
            bool counted = out->held_again < MAX_HELD_AGAIN && arena_keeps(out, same ? l : r);
            out->held_again += counted;
            spec_free(l);
            spec_free(r);
            if (!counted) {
                spec_free(out);
                return unsupported(c, e->lineno, PAST_HELD);
            }
            return out;
        }
        if (out && (!arena_keeps(out, l) || !arena_keeps(out, r))) {
            spec_free(out);
            spec_free(l);
            spec_free(r);
            return unsupported(c, e->lineno, PAST_HELD);
        }
        if (out && out->form == SP_TUPLE) { /* the operand tuples are made first (value.c) */
            out->operands = xcalloc(2, sizeof *out->operands);
            if (l->form == SP_TUPLE)
                out->operands[0] = l, l = NULL;
            if (r->form == SP_TUPLE)
                out->operands[1] = r, r = NULL;
        }
        spec_free(l);
        spec_free(r);
        if (out)
            out->folded = true;
        if (!out && !c->failed && c->past_range)
            return unsupported(c, e->lineno, PAST_RANGE);
        if (!out && !c->failed)
            return unsupported(c, e->lineno,
                               "this binary operation (CPython does not fold it: it runs at run time)");
        return out;
    }
    default:
        return unsupported(c, e->lineno, "%s in a value",
                           e->kind == PYEXPR_STARRED ? "unpacking (*)" : pyparse_expr_kind_name(e->kind));
    }
}

/* Statements ---------------------------------------------------------------------- */

typedef struct {
    tctx_t *c;
    pyexec_stmt_t *ps;
    size_t cap;
    size_t kept; /* values the statement's parts keep so far (heap_stmt_t.keep): the value stack */
} emit_t;

static heap_stmt_t *emit(emit_t *em, op_t op)
{
    if (em->ps->nstmts == em->cap) {
        size_t cap = em->cap ? em->cap * 2 : 2;
        heap_stmt_t *n = pool_calloc(em->c->pool, cap, sizeof *n);
        if (em->ps->nstmts)
            memcpy(n, em->ps->stmts, em->ps->nstmts * sizeof *n);
        em->ps->stmts = n;
        em->cap = cap;
    }
    heap_stmt_t *st = &em->ps->stmts[em->ps->nstmts++];
    memset(st, 0, sizeof *st);
    st->op = op;
    return st;
}

static const char *name_of(tctx_t *c, const char *id, int line)
{
    if (reserved_name(id) || module_bit(id))
        return unsupported(c, line, "binding the name '%.60s' (a module or builtin the subset uses)", id);
    if (is_dunder(id))
        return unsupported(c, line, "binding the dunder name '%.60s'", id);
    if (strlen(id) > 255)
        return unsupported(c, line, "a name longer than 255 characters");
    return pool_strndup(c->pool, id, strlen(id));
}

static spec_t *value_owned(tctx_t *c, const pyparse_expr_t *e)
{
    return owned(c->pool, value_spec(c, e));
}

/* The argument of a call taking one reference (sys.getsizeof(a), len(a) ...). */
static bool ref_arg(tctx_t *c, const pyparse_expr_t *call, heap_ref_t *ref)
{
    if (call->v.call.args.n != 1 || call->v.call.n_keywords)
        return unsupported(c, call->lineno, "this call with other than one positional argument"), false;
    const pyparse_expr_t *a = call->v.call.args.items[0];
    if (a->kind == PYEXPR_STARRED)
        return unsupported(c, call->lineno, "unpacking (*) in a call"), false;
    if (!is_path_expr(a))
        return unsupported(c, a->lineno, "%s as this call's argument (a name or reference path is expected)",
                           pyparse_expr_kind_name(a->kind)),
               false;
    ref->path = ref_path(c, a);
    return ref->path != NULL;
}

/* The one argument of sys.getsizeof(), sys.getrefcount(), id(), len(),
 * gc.is_tracked(): a reference path, or any value the subset builds. */
static bool ref_or_value_arg(tctx_t *c, const pyparse_expr_t *call, heap_stmt_t *st)
{
    if (call->v.call.args.n == 1 && !call->v.call.n_keywords) {
        const pyparse_expr_t *a = call->v.call.args.items[0];
        if (a->kind != PYEXPR_STARRED && !is_path_expr(a))
            return (st->value = value_owned(c, a)) != NULL;
    }
    return ref_arg(c, call, &st->a);
}

/* An int constant argument (gc.collect(1), gc.set_threshold(700, 10)); one
 * past int64 as heap_stmt_t keeps it (*out INT64_MAX or INT64_MIN by its
 * sign, *big its magnitude's digits). */
static bool int_arg(tctx_t *c, const pyparse_expr_t *a, int64_t *out, const char **big)
{
    spec_t *s = value_spec(c, a);
    bool ok = s && (s->form == SP_INT || s->form == SP_BOOL || s->form == SP_BIGINT);
    *big = NULL;
    if (ok && s->form == SP_BIGINT) {
        bool neg = s->text[0] == '-';
        *out = neg ? INT64_MIN : INT64_MAX;
        ok = (*big = pool_strndup(c->pool, s->text + neg, strlen(s->text + neg))) != NULL;
    } else if (ok) {
        *out = s->form == SP_BOOL ? s->b : s->i;
    }
    spec_free(s);
    if (!ok && !c->failed)
        unsupported(c, a->lineno, "an argument other than an int constant here");
    return ok;
}

/* The text a constant prints (str() of it), for print() inside __del__ and callbacks. */
static bool const_text(tctx_t *c, const pyparse_expr_t *a, char *buf, size_t *len, size_t cap)
{
    spec_t *s = value_spec(c, a);
    char num[64];
    const char *t = NULL;
    size_t n = 0;
    if (s && s->form == SP_STR && strlen(s->text) == s->len) {
        t = s->text;
        n = s->len;
    } else if (s && (s->form == SP_INT || s->form == SP_BIGINT || s->form == SP_BOOL || s->form == SP_NONE)) {
        if (s->form == SP_INT)
            snprintf(num, sizeof num, "%" PRId64, s->i);
        else
            snprintf(num, sizeof num, "%s", s->form == SP_NONE ? "None" : s->b ? "True" : "False");
        t = s->form == SP_BIGINT ? s->text : num;
        n = strlen(t);
    }
    bool ok = t && *len + n < cap;
    if (ok) {
        memcpy(buf + *len, t, n);
        *len += n;
    }
    spec_free(s);
    if (!ok && !c->failed)
        unsupported(c, a->lineno, "print() of something other than str, int, bool or None constants here");
    return ok;
}

/* print(...) keywords sep= / end=: a str constant or None */
/* sep= or end= (a str constant or None: *sep / *end, NULL for None); *given
 * gains PRINT_SEP_GIVEN or PRINT_END_GIVEN (builtin_print() parses keywords,
 * None among them) */
static bool print_keyword(tctx_t *c, const pyparse_keyword_t *k, const char **sep, const char **end,
                          unsigned *given)
{
    if (!k->arg || (strcmp(k->arg, "sep") && strcmp(k->arg, "end")))
        return unsupported(c, k->lineno, "print() keywords other than sep= and end="), false;
    spec_t *s = value_spec(c, k->value);
    const char *v = NULL;
    bool ok = s && (s->form == SP_NONE || (s->form == SP_STR && strlen(s->text) == s->len));
    if (ok && s->form == SP_STR)
        v = pool_strndup(c->pool, s->text, s->len);
    spec_free(s);
    if (!ok)
        return unsupported(c, k->lineno, "print(%s=...) other than a str constant or None", k->arg), false;
    *(strcmp(k->arg, "sep") ? end : sep) = v;
    *given |= strcmp(k->arg, "sep") ? PRINT_END_GIVEN : PRINT_SEP_GIVEN;
    return true;
}

/* The whole text of print(<constants>) — a body's print inside __del__ or a callback */
/* Whether sys.stdout (C.UTF-8: errors "surrogateescape") encodes this WTF-8
 * piece: a lone surrogate outside U+DC80..U+DCFF (ED A0..BF, but ED B2 / ED
 * B3) makes print raise UnicodeEncodeError (pyop_print() in the runtime). */
static bool stdout_encodes(const char *t, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        unsigned char b0 = (unsigned char)t[i], b1 = (unsigned char)t[i + 1];
        if (b0 == 0xED && b1 >= 0xA0 && b1 != 0xB2 && b1 != 0xB3)
            return false;
    }
    return true;
}

/* The text print(<constants>) writes; *raises when a piece (sep, a str, end)
 * is one sys.stdout cannot encode: the text is then what was written before
 * it, and the call raised there. */
static const char *constant_print(tctx_t *c, const pyparse_expr_t *call, bool *raises)
{
    const char *sep = NULL, *end = NULL;
    unsigned given = 0;
    *raises = false;
    for (size_t i = 0; i < call->v.call.n_keywords; i++)
        if (!print_keyword(c, call->v.call.keywords[i], &sep, &end, &given))
            return NULL;
    size_t nargs = call->v.call.args.n;
    if (nargs > PRINT_MAX_ARGS)
        return unsupported(c, call->lineno, "a print() of more than %d arguments here", PRINT_MAX_ARGS);
    char buf[4096]; /* heap.h's PRINT_CALL encoding */
    size_t len = 0;
    buf[len++] = (char)(PRINT_CALL | given);
    buf[len++] = (char)(0x80 + nargs);
    const char *s = sep ? sep : " ";
    for (size_t i = 0; i < nargs; i++) {
        if (i && !stdout_encodes(s, strlen(s)))
            *raises = true;
        if (*raises)
            break;
        if (i && len + strlen(s) + 2 < sizeof buf) {
            buf[len++] = (char)PRINT_WRITE;
            memcpy(buf + len, s, strlen(s));
            len += strlen(s);
        }
        buf[len++] = (char)PRINT_WRITE;
        size_t before = len;
        if (!const_text(c, call->v.call.args.items[i], buf, &len, sizeof buf - 8))
            return NULL;
        if (!stdout_encodes(buf + before, len - before)) {
            len = before - 1; /* the piece that raised is not written */
            *raises = true;
        }
    }
    const char *e = end ? end : "\n";
    if (!*raises && !stdout_encodes(e, strlen(e)))
        *raises = true;
    if (*raises)
        return pool_strndup(c->pool, buf, len);
    if (len + strlen(e) + 1 >= sizeof buf)
        return unsupported(c, call->lineno, "a print() text longer than 4 KiB here");
    buf[len++] = (char)PRINT_WRITE;
    memcpy(buf + len, e, strlen(e));
    len += strlen(e);
    return pool_strndup(c->pool, buf, len);
}

static bool is_print_call(const pyparse_stmt_t *s)
{
    return s->kind == PYSTMT_EXPR && s->v.expr.value->kind == PYEXPR_CALL &&
           is_name(s->v.expr.value->v.call.func, "print");
}

static bool is_docstring(const pyparse_stmt_t *s)
{
    return s->kind == PYSTMT_EXPR && s->v.expr.value->kind == PYEXPR_CONSTANT &&
           s->v.expr.value->v.constant.kind == PYCONST_STR;
}

/* print() calls a recorded body may make (each an event, every time it runs) */
#define RECORDED_PRINTS 16

/* A function of one parameter whose body records: pass, a docstring,
 * print(<constants>) calls, and with allow_resurrect
 * `_resurrected.append(<param>)`. *text: what they print (heap.h's
 * print_text); *resurrects. */
static bool recording_body(tctx_t *c, const pyparse_stmt_t *def, bool allow_resurrect, const char **text,
                           bool *resurrects)
{
    const pyparse_arguments_t *a = def->v.functiondef.args;
    if (a->n_args != 1 || a->n_posonly || a->n_kwonly || a->vararg || a->kwarg || a->defaults.n)
        return unsupported(c, def->lineno, "def %.60s with other than one plain parameter",
                           def->v.functiondef.name),
               false;
    const char *param = a->args[0]->arg;
    *text = NULL;
    *resurrects = false;
    bool raised = false; /* the print raised: nothing after it runs (an unraisable exception) */
    char texts[4096];    /* what the print() calls write (heap.h's PRINT_CALL encoding) */
    size_t len = 0;
    int nprints = 0;
    const pyparse_stmts_t *body = &def->v.functiondef.body;
    for (size_t i = 0; i < body->n; i++) {
        const pyparse_stmt_t *s = body->items[i];
        if (s->kind == PYSTMT_PASS || (is_docstring(s) && i == 0))
            continue;
        if (is_print_call(s) && !*resurrects && !raised) {
            const char *t = constant_print(c, s->v.expr.value, &raised);
            if (!t)
                return false;
            size_t n = strlen(t);
            if (++nprints > RECORDED_PRINTS || len + n >= sizeof texts)
                return unsupported(c, s->lineno, "more than %d print() calls or 4 KiB of their text in %.60s",
                                   RECORDED_PRINTS, def->v.functiondef.name),
                       false;
            memcpy(texts + len, t, n);
            len += n;
            continue;
        }
        const pyparse_expr_t *v = s->kind == PYSTMT_EXPR ? s->v.expr.value : NULL;
        if (allow_resurrect && !*resurrects && v && v->kind == PYEXPR_CALL && v->v.call.args.n == 1 &&
            !v->v.call.n_keywords && v->v.call.func->kind == PYEXPR_ATTRIBUTE &&
            is_name(v->v.call.func->v.attribute.value, "_resurrected") &&
            !strcmp(v->v.call.func->v.attribute.attr, "append") && is_name(v->v.call.args.items[0], param)) {
            *resurrects = !raised;
            continue;
        }
        return unsupported(c, s->lineno,
                           "this statement in the body of %.60s (the subset: pass, a docstring, print() of "
                           "constants%s)",
                           def->v.functiondef.name, allow_resurrect ? ", _resurrected.append(self)" : ""),
               false;
    }
    if (nprints)
        *text = pool_strndup(c->pool, texts, len);
    return true;
}

static bool slot_names(tctx_t *c, const pyparse_stmt_t *s, heap_classdef_t *d)
{
    const pyparse_expr_t *v = s->v.assign.value;
    const pyparse_exprs_t *items = NULL;
    pyparse_exprs_t one = {1, (pyparse_expr_t **)&s->v.assign.value};
    if (v->kind == PYEXPR_TUPLE) {
        items = &v->v.tuple.elts;
        d->slots_form = SLOTS_TUPLE;
    } else if (v->kind == PYEXPR_LIST) {
        items = &v->v.list.elts;
        d->slots_form = SLOTS_LIST;
    } else if (v->kind == PYEXPR_CONSTANT && v->v.constant.kind == PYCONST_STR) {
        items = &one;
        d->slots_form = SLOTS_STR;
    }
    if (!items || items->n > 64)
        return unsupported(c, s->lineno, "__slots__ other than a tuple or list of at most 64 str constants"),
               false;
    d->has_slots = true;
    d->slots = pool_calloc(c->pool, items->n + 1, sizeof(char *));
    for (size_t i = 0; i < items->n; i++) {
        const pyparse_expr_t *it = items->items[i];
        if (it->kind != PYEXPR_CONSTANT)
            return unsupported(c, s->lineno, "a __slots__ item other than a constant"), false;
        if (it->v.constant.kind != PYCONST_STR) { /* valid_identifier()'s TypeError, at this item */
            static const char *const names[] = {
                [PYCONST_NONE] = "NoneType",     [PYCONST_TRUE] = "bool",  [PYCONST_FALSE] = "bool",
                [PYCONST_ELLIPSIS] = "ellipsis", [PYCONST_INT] = "int",    [PYCONST_FLOAT] = "float",
                [PYCONST_COMPLEX] = "complex",   [PYCONST_BYTES] = "bytes"};
            if (!d->slots_bad) {
                d->slots_bad = i + 1;
                d->slots_bad_type = names[it->v.constant.kind];
            }
            d->slots[i] = "";
            d->nslots = i + 1;
            continue;
        }
        const char *n = it->v.constant.str;
        if (strlen(n) != it->v.constant.len || strlen(n) > 255)
            return unsupported(c, s->lineno, "the slot name '%.60s'", n), false;
        if (!d->slots_bad && !pyparse_is_identifier(n, c->minor))
            d->slots_bad = i + 1;
        d->slots[i] = pool_strndup(c->pool, n, strlen(n));
        d->nslots = i + 1;
    }
    /* check_slots() in core/exec.c raises CPython's TypeError for a slot that
       is no identifier or a second __dict__ / __weakref__; a class it lets
       through with another dunder slot is outside the subset */
    bool dict = false, weak = false;
    for (size_t i = 0; i < d->nslots; i++) {
        const char *n = d->slots[i];
        if (i + 1 == d->slots_bad || (!strcmp(n, "__dict__") && dict) || (!strcmp(n, "__weakref__") && weak))
            return true;
        dict |= !strcmp(n, "__dict__");
        weak |= !strcmp(n, "__weakref__");
    }
    for (size_t i = 0; i < d->nslots; i++)
        if (is_dunder(d->slots[i]) && strcmp(d->slots[i], "__weakref__") && strcmp(d->slots[i], "__dict__"))
            return unsupported(c, s->lineno, "the slot name '%.60s'", d->slots[i]), false;
    return true;
}

static bool target_of(tctx_t *c, const pyparse_expr_t *t, heap_target_t *out);

static char *clean_doc(tctx_t *c, const char *doc, size_t n, size_t *len);

/* The str constant a docstring is (3.13: what _PyCompile_CleanDoc() makes of
 * it when that changes it, a str the compiler made), or NULL */
static spec_t *doc_spec(tctx_t *c, const pyparse_expr_t *e)
{
    spec_t *v = value_owned(c, e);
    size_t len;
    char *doc = v && c->prof->clean_doc ? clean_doc(c, v->text, v->len, &len) : NULL;
    if (doc) {
        char *text = xmalloc(len + 1); /* the spec owns its text */
        memcpy(text, doc, len);
        text[len] = 0;
        free(v->text);
        v->text = text;
        v->len = len;
        v->compiled = true;
    }
    return v;
}

/* def __init__(self, a, b): with a body of pass, a docstring and stores to
 * attributes or items (`self.x = a`, `self.d['k'] = 1`, `self.x = self.y =
 * []`) of parameters, globals and constants: its parameters and body go on
 * the class statement, which makes its code object (core/code.c). */
static bool init_def(tctx_t *c, const pyparse_stmt_t *def, heap_classdef_t *cd)
{
    const pyparse_arguments_t *a = def->v.functiondef.args;
    if (a->n_posonly || a->n_kwonly || a->vararg || a->kwarg || a->defaults.n || !a->n_args)
        return unsupported(
                   c, def->lineno,
                   "def __init__ with other than plain positional parameters (self first, no defaults)"),
               false;
    if (def->v.functiondef.returns || def->v.functiondef.type_params.n)
        return unsupported(c, def->lineno, "annotations or type parameters on __init__"), false;
    if (a->n_args > 255)
        return unsupported(c, def->lineno, "def __init__ with more than 255 parameters"), false;
    const char **params = pool_calloc(c->pool, a->n_args + 1, sizeof(char *));
    for (size_t i = 0; i < a->n_args; i++) {
        if (a->args[i]->annotation)
            return unsupported(c, def->lineno, "annotations on __init__'s parameters"), false;
        /* the calls a body may make (set(), object(), frozenset()) name no parameter */
        const char *p = a->args[i]->arg;
        if (is_dunder(p) || strlen(p) > 255 || module_bit(p) || !strcmp(p, "set") || !strcmp(p, "object") ||
            !strcmp(p, "frozenset"))
            return unsupported(c, def->lineno, "the parameter name '%.60s'", a->args[i]->arg), false;
        params[i] = pool_strndup(c->pool, a->args[i]->arg, strlen(a->args[i]->arg));
    }
    const pyparse_stmts_t *body = &def->v.functiondef.body;
    heap_stmt_t *stores = pool_calloc(c->pool, body->n, sizeof *stores);
    size_t n = 0;
    c->locals = params;
    bool ok = true;
    for (size_t i = 0; ok && i < body->n; i++) {
        const pyparse_stmt_t *b = body->items[i];
        if (b->kind == PYSTMT_PASS)
            continue;
        if (is_docstring(b) && i == 0) {
            ok = (cd->init_doc = doc_spec(c, b->v.expr.value)) != NULL; /* 3.13: cleaned */
            continue;
        }
        if (b->kind != PYSTMT_ASSIGN) {
            ok = unsupported(c, b->lineno,
                             "this statement in the body of __init__ (the subset: pass, a docstring, "
                             "stores to attributes or items)") != NULL;
            break;
        }
        const pyparse_exprs_t *ts = &b->v.assign.targets;
        heap_stmt_t *d = &stores[n++];
        d->op = OP_STORE;
        d->ntargets = ts->n;
        d->targets = pool_calloc(c->pool, ts->n, sizeof *d->targets);
        ok = count_nodes(c, ts->n);
        for (size_t k = 0; ok && k < ts->n; k++) {
            const pyparse_expr_t *t = ts->items[k];
            if (t->kind != PYEXPR_ATTRIBUTE && t->kind != PYEXPR_SUBSCRIPT) {
                ok = unsupported(c, b->lineno, "a store to other than an attribute or item in __init__") !=
                     NULL;
                break;
            }
            ok = target_of(c, t, &d->targets[k]);
        }
        ok = ok && (d->value = value_owned(c, b->v.assign.value)) != NULL;
    }
    c->locals = NULL;
    if (!ok)
        return false;
    cd->has_init = true;
    cd->init_params = params;
    cd->ninit_params = a->n_args;
    cd->init_body = stores;
    cd->ninit_body = n;
    return true;
}

/* class Name: pass | docstring | __slots__ = (...) | def __del__(self): ...
 * | def __init__(self, ...): ... */
static bool class_stmt(emit_t *em, const pyparse_stmt_t *s)
{
    tctx_t *c = em->c;
    if (s->v.classdef.bases.n || s->v.classdef.n_keywords)
        return unsupported(c, s->lineno, "class bases or keywords"), false;
    heap_stmt_t *st = emit(em, OP_CLASS);
    heap_classdef_t *d = pool_calloc(c->pool, 1, sizeof *d);
    st->classdef = d;
    d->own_resurrected = true; /* without `_resurrected = []` first, __del__'s append raises (ignored) */
    if (!(st->name = name_of(c, s->v.classdef.name, s->lineno)))
        return false;
    if (c->minor >= 13 && s->lineno > 256) { /* compiler_class_body(): __firstlineno__ = <its line> */
        spec_t *f = owned(c->pool, spec_new(SP_INT));
        f->i = s->lineno;
        d->firstlineno = f;
    }
    bool seen_slots = false, seen_del = false, seen_init = false;
    const pyparse_stmts_t *body = &s->v.classdef.body;
    for (size_t i = 0; i < body->n; i++) {
        const pyparse_stmt_t *b = body->items[i];
        if (b->kind == PYSTMT_PASS)
            continue;
        if (is_docstring(b) && i == 0) {
            const pyparse_const_t *k = &b->v.expr.value->v.constant;
            d->doc = pool_strndup(c->pool, k->str, k->len);
            d->doclen = k->len;
            if (!(d->doc_spec = doc_spec(c, b->v.expr.value)))
                return false;
            continue;
        }
        if (b->kind == PYSTMT_ASSIGN && b->v.assign.targets.n == 1 &&
            is_name(b->v.assign.targets.items[0], "__slots__") && !seen_slots) {
            seen_slots = true;
            if (!slot_names(c, b, d))
                return false;
            continue;
        }
        if (b->kind == PYSTMT_FUNCTIONDEF && !strcmp(b->v.functiondef.name, "__del__") && !seen_del &&
            !b->v.functiondef.decorator_list.n) {
            bool res;
            seen_del = true;
            if (!recording_body(c, b, true, &st->print_text, &res))
                return false;
            d->finalizer = res ? 2 : 1;
            continue;
        }
        if (b->kind == PYSTMT_FUNCTIONDEF && !strcmp(b->v.functiondef.name, "__init__") && !seen_init &&
            !b->v.functiondef.decorator_list.n) {
            seen_init = true;
            if (!init_def(c, b, d))
                return false;
            continue;
        }
        return unsupported(c, b->lineno,
                           "this statement in a class body (the subset: pass, a docstring, __slots__, "
                           "def __del__, def __init__)"),
               false;
    }
    return true;
}

/* A target of `=` or `del`, as a heap target (a name, obj.attr or obj[key]). */
static bool target_of(tctx_t *c, const pyparse_expr_t *t, heap_target_t *out)
{
    memset(out, 0, sizeof *out);
    switch (t->kind) {
    case PYEXPR_NAME: return (out->name = name_of(c, t->v.name.id, t->lineno)) != NULL;
    case PYEXPR_ATTRIBUTE:
        if (is_dunder(t->v.attribute.attr))
            return unsupported(c, t->lineno, "the dunder attribute '%.60s'", t->v.attribute.attr), false;
        out->link = LK_ATTR;
        out->attr = pool_strndup(c->pool, t->v.attribute.attr, strlen(t->v.attribute.attr));
        out->obj.path = ref_path(c, t->v.attribute.value);
        return out->obj.path != NULL;
    case PYEXPR_SUBSCRIPT:
        if (t->v.subscript.slice->kind == PYEXPR_SLICE)
            return unsupported(c, t->lineno, "slices"), false;
        out->link = LK_KEY;
        out->obj.path = ref_path(c, t->v.subscript.value);
        return out->obj.path && (out->key = value_owned(c, t->v.subscript.slice)) != NULL;
    case PYEXPR_TUPLE:
    case PYEXPR_LIST: return unsupported(c, t->lineno, "tuple assignment (unpacking)"), false;
    default: return unsupported(c, t->lineno, "this assignment target"), false;
    }
}

/* The methods Python source may call on a reference (`a.pop()`, `x =
 * d.get(k)`, `print(s.copy())`): OP_METHOD runs them through the receiver's
 * method table (list.c, dict.c, set.c), which says whether heapd runs that
 * one as CPython does; the receiver's type is known only then. As
 * statements, append, add and discard are OP_LINK / OP_UNLINK. */
static const char *const source_methods[] = {"append", "add",        "discard", "pop",  "extend",
                                             "insert", "remove",     "clear",   "copy", "reverse",
                                             "get",    "setdefault", "update"};

static bool is_method_call(const pyparse_expr_t *e)
{
    if (e->kind != PYEXPR_CALL || e->v.call.func->kind != PYEXPR_ATTRIBUTE)
        return false;
    const pyparse_expr_t *recv = e->v.call.func->v.attribute.value;
    if (!is_path_expr(recv) || (recv->kind == PYEXPR_NAME && module_bit(recv->v.name.id)))
        return false;
    for (size_t i = 0; i < sizeof source_methods / sizeof source_methods[0]; i++)
        if (!strcmp(e->v.call.func->v.attribute.attr, source_methods[i]))
            return true;
    return false;
}

/* OP_METHOD of the call e (is_method_call()); the caller adds the targets. */
static heap_stmt_t *method_part(emit_t *em, const pyparse_expr_t *e)
{
    tctx_t *c = em->c;
    const pyparse_expr_t *f = e->v.call.func;
    const pyparse_exprs_t *args = &e->v.call.args;
    if (e->v.call.n_keywords)
        return unsupported(c, e->lineno, "keyword arguments to .%s()", f->v.attribute.attr), NULL;
    for (size_t i = 0; i < args->n; i++)
        if (args->items[i]->kind == PYEXPR_STARRED)
            return unsupported(c, e->lineno, "unpacking (*) in a call"), NULL;
    if (!count_nodes(c, args->n + 1))
        return NULL;
    heap_stmt_t *st = emit(em, OP_METHOD);
    st->attr = pool_strndup(c->pool, f->v.attribute.attr, strlen(f->v.attribute.attr));
    if (!(st->a.path = ref_path(c, f->v.attribute.value)))
        return NULL;
    st->values = pool_calloc(c->pool, args->n ? args->n : 1, sizeof(spec_t *));
    st->nvalues = args->n;
    for (size_t i = 0; i < args->n; i++)
        if (!(st->values[i] = value_owned(c, args->items[i])))
            return NULL;
    return st;
}

/* t1 = t2 = ... = r.method(...): the call's result stored to each target */
static bool assign_method(emit_t *em, const pyparse_exprs_t *targets, const pyparse_expr_t *v)
{
    tctx_t *c = em->c;
    heap_target_t *ts = pool_calloc(c->pool, targets->n, sizeof *ts);
    bool names = true; /* the result describes what the names are bound to */
    for (size_t i = 0; i < targets->n; i++) {
        if (!target_of(c, targets->items[i], &ts[i]))
            return false;
        names &= ts[i].name != NULL;
    }
    heap_stmt_t *st = method_part(em, v);
    if (!st)
        return false;
    st->targets = ts;
    st->ntargets = targets->n;
    em->ps->result_of = names ? (int)(em->ps->nstmts - 1) : -1;
    return true;
}

/* name = sys.intern(v) / weakref.ref(t[, cb]) */
static bool assign_call(emit_t *em, const char *name, const pyparse_expr_t *v)
{
    tctx_t *c = em->c;
    if (is_module_attr(c, v->v.call.func, "sys", "intern")) {
        if (v->v.call.args.n != 1 || v->v.call.n_keywords)
            return unsupported(c, v->lineno, "sys.intern() with other than one argument"), false;
        heap_stmt_t *st = emit(em, OP_INTERN);
        st->name = name;
        return (st->value = value_owned(c, v->v.call.args.items[0])) != NULL;
    }
    if (!is_module_attr(c, v->v.call.func, "weakref", "ref"))
        return false;
    size_t n = v->v.call.args.n;
    if (n < 1 || n > 2 || v->v.call.n_keywords)
        return unsupported(c, v->lineno, "weakref.ref() with other than one or two positional arguments"),
               false;
    heap_stmt_t *st = emit(em, OP_WEAKREF);
    st->name = name;
    if (!(st->value = value_owned(c, v->v.call.args.items[0])))
        return false;
    const pyparse_expr_t *cb = n == 2 ? v->v.call.args.items[1] : NULL;
    if (cb && !(cb->kind == PYEXPR_CONSTANT && cb->v.constant.kind == PYCONST_NONE)) {
        st->callback = true;
        st->b.path = ref_path(c, cb);
        return st->b.path != NULL;
    }
    st->none_callback = cb != NULL; /* still a call of two arguments */
    return true;
}

static bool is_value_call(tctx_t *c, const pyparse_expr_t *v)
{
    return v->kind == PYEXPR_CALL && (is_module_attr(c, v->v.call.func, "sys", "intern") ||
                                      is_module_attr(c, v->v.call.func, "weakref", "ref"));
}

/* a, b = b, a: a tuple or list of targets from a tuple display of as many
 * items (what the compiler turns into SWAP or a constant's UNPACK_SEQUENCE) */
static bool unpack_stmt(emit_t *em, const pyparse_expr_t *target, const pyparse_expr_t *v)
{
    tctx_t *c = em->c;
    const pyparse_exprs_t *ts = target->kind == PYEXPR_TUPLE ? &target->v.tuple.elts : &target->v.list.elts;
    if (v->kind != PYEXPR_TUPLE || v->v.tuple.elts.n != ts->n)
        return unsupported(c, target->lineno,
                           "unpacking other than a tuple display of as many items as there are targets"),
               false;
    for (size_t i = 0; i < ts->n; i++)
        if (ts->items[i]->kind == PYEXPR_TUPLE || ts->items[i]->kind == PYEXPR_LIST ||
            ts->items[i]->kind == PYEXPR_STARRED || v->v.tuple.elts.items[i]->kind == PYEXPR_STARRED)
            return unsupported(c, target->lineno, "nested or starred unpacking"), false;
    if (!count_nodes(c, ts->n))
        return false;
    heap_stmt_t *st = emit(em, OP_UNPACK);
    em->ps->result_of = -1;
    st->targets = pool_calloc(c->pool, ts->n, sizeof *st->targets);
    st->ntargets = ts->n;
    for (size_t i = 0; i < ts->n; i++)
        if (!target_of(c, ts->items[i], &st->targets[i]))
            return false;
    return (st->value = value_owned(c, v)) != NULL;
}

static bool is_computed(const pyparse_expr_t *e);
static spec_t *kept_part(emit_t *em, const pyparse_expr_t *e);

static bool assign_stmt(emit_t *em, const pyparse_stmt_t *s)
{
    tctx_t *c = em->c;
    const pyparse_exprs_t *targets = &s->v.assign.targets;
    const pyparse_expr_t *v = s->v.assign.value;
    spec_t *value = NULL; /* v's value, when a part of the statement computes it */
    if (targets->n == 1 && targets->items[0]->kind == PYEXPR_NAME && is_value_call(c, v)) {
        const char *name = name_of(c, targets->items[0]->v.name.id, s->lineno);
        em->ps->result_of = 0;
        return name && assign_call(em, name, v);
    }
    if (is_value_call(c, v))
        return unsupported(c, s->lineno, "this call assigned to other than one name"), false;
    bool unpacks = false;
    for (size_t i = 0; i < targets->n; i++)
        unpacks |= targets->items[i]->kind == PYEXPR_TUPLE || targets->items[i]->kind == PYEXPR_LIST;
    if (is_method_call(v) && !unpacks)
        return assign_method(em, targets, v);
    if (targets->n == 1 &&
        (targets->items[0]->kind == PYEXPR_TUPLE || targets->items[0]->kind == PYEXPR_LIST))
        return unpack_stmt(em, targets->items[0], v);
    /* n = gc.collect(), i = id(a), r = sys.getrefcount(a), same = a is b:
     * what an expression statement computes, kept on the value stack by a
     * first part (evaluated before any target, as CPython's right-hand side
     * is), then stored by the next */
    if (is_computed(v) && !(value = kept_part(em, v)))
        return false;
    if (targets->n == 1) {
        heap_target_t t;
        if (!target_of(c, targets->items[0], &t))
            return false;
        heap_stmt_t *st = emit(em, t.name ? OP_ASSIGN : OP_LINK);
        st->name = t.name;
        st->a = t.obj;
        st->link = t.link;
        st->attr = t.attr;
        st->key = t.key;
        em->ps->result_of = t.name ? (int)(em->ps->nstmts - 1) : -1;
        return (st->value = value ? value : value_owned(c, v)) != NULL;
    }
    if (!count_nodes(c, targets->n))
        return false;
    heap_stmt_t *st = emit(em, OP_STORE); /* a = b = v */
    st->targets = pool_calloc(c->pool, targets->n, sizeof *st->targets);
    st->ntargets = targets->n;
    for (size_t i = 0; i < targets->n; i++)
        if (!target_of(c, targets->items[i], &st->targets[i]))
            return false;
    bool names = true; /* the result describes what the names are bound to */
    for (size_t i = 0; i < targets->n; i++)
        names &= st->targets[i].name != NULL;
    em->ps->result_of = names ? (int)(em->ps->nstmts - 1) : -1;
    return (st->value = value ? value : value_owned(c, v)) != NULL;
}

static bool delete_target(emit_t *em, const pyparse_expr_t *t)
{
    tctx_t *c = em->c;
    if (t->kind == PYEXPR_TUPLE || t->kind == PYEXPR_LIST) { /* del (a, b): each in order */
        const pyparse_exprs_t *items = t->kind == PYEXPR_TUPLE ? &t->v.tuple.elts : &t->v.list.elts;
        for (size_t i = 0; i < items->n; i++)
            if (!delete_target(em, items->items[i]))
                return false;
        return true;
    }
    heap_target_t tg;
    if (!target_of(c, t, &tg))
        return false;
    if (!count_nodes(c, 1))
        return false;
    if (tg.name) { /* consecutive names make one `del a, b` */
        heap_stmt_t *last = em->ps->nstmts ? &em->ps->stmts[em->ps->nstmts - 1] : NULL;
        if (!last || last->op != OP_DEL) {
            last = emit(em, OP_DEL);
            last->names = pool_calloc(c->pool, 64, sizeof(char *));
        } else if (last->nnames >= 64 && !(last->nnames & (last->nnames - 1))) { /* full: doubled */
            const char **n = pool_calloc(c->pool, last->nnames * 2, sizeof(char *));
            memcpy(n, last->names, last->nnames * sizeof(char *));
            last->names = n;
        }
        last->names[last->nnames++] = tg.name;
        return true;
    }
    heap_stmt_t *st = emit(em, OP_UNLINK);
    st->a = tg.obj;
    st->link = tg.link;
    st->attr = tg.attr;
    st->key = tg.key;
    return true;
}

/* gc.<fn>(...) statements */
static bool gc_call(emit_t *em, const pyparse_expr_t *v)
{
    tctx_t *c = em->c;
    const char *fn = v->v.call.func->v.attribute.attr;
    const pyparse_exprs_t *args = &v->v.call.args;
    heap_stmt_t *st;
    static const struct {
        const char *name;
        gc_query_t q;
    } queries[] = {
        {"isenabled", GQ_ISENABLED}, {"get_threshold", GQ_GET_THRESHOLD}, {"get_count", GQ_GET_COUNT}};
    if (!strcmp(fn, "collect")) {
        st = emit(em, OP_COLLECT);
        st->generation = 2;
        if (args->n > 1 ||
            (v->v.call.n_keywords &&
             (v->v.call.n_keywords > 1 || args->n ||
              strcmp(v->v.call.keywords[0]->arg ? v->v.call.keywords[0]->arg : "", "generation"))))
            return unsupported(c, v->lineno, "gc.collect() with other than one generation"), false;
        st->generation_given = args->n || v->v.call.n_keywords;
        if (args->n)
            return int_arg(c, args->items[0], &st->generation, &st->generation_big);
        if (v->v.call.n_keywords) {
            st->kw_given = true;
            return int_arg(c, v->v.call.keywords[0]->value, &st->generation, &st->generation_big);
        }
        return true;
    }
    if (v->v.call.n_keywords)
        return unsupported(c, v->lineno, "keyword arguments to gc.%.40s()", fn), false;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        if (!strcmp(fn, queries[i].name)) {
            if (args->n)
                return unsupported(c, v->lineno, "arguments to gc.%s()", fn), false;
            emit(em, OP_GC_QUERY)->query = queries[i].q;
            return true;
        }
    if (!strcmp(fn, "is_tracked")) {
        st = emit(em, OP_GC_QUERY);
        st->query = GQ_IS_TRACKED;
        return ref_or_value_arg(c, v, st);
    }
    heap_gcset_t *g = pool_calloc(c->pool, 1, sizeof *g);
    emit(em, OP_GC)->gc = g;
    em->ps->result_of = -1; /* they return None */
    if ((!strcmp(fn, "enable") || !strcmp(fn, "disable") || !strcmp(fn, "freeze") ||
         !strcmp(fn, "unfreeze"))) {
        if (args->n)
            return unsupported(c, v->lineno, "arguments to gc.%s()", fn), false;
        if (fn[0] == 'e' || fn[0] == 'd') {
            g->set_enabled = 1;
            g->enabled = fn[0] == 'e';
        } else {
            g->set_freeze = 1;
            g->freeze = fn[0] == 'f';
        }
        return true;
    }
    if (!strcmp(fn, "set_threshold")) {
        if (args->n > 8)
            return unsupported(c, v->lineno, "gc.set_threshold() with more than 8 arguments"), false;
        g->set_threshold = 1;
        g->nthreshold = (int)args->n;
        for (size_t i = 0; i < args->n; i++)
            if (!int_arg(c, args->items[i], &g->threshold[i], &g->threshold_big[i]))
                return false;
        return true;
    }
    if (!strcmp(fn, "set_debug") && args->n == 1) {
        g->set_debug = 1;
        if (is_module_attr(c, args->items[0], "gc", "DEBUG_SAVEALL")) {
            g->saveall = true;
            return true;
        }
        int64_t flags;
        const char *big;
        if (!int_arg(c, args->items[0], &flags, &big))
            return false;
        if (big || (flags != 0 && flags != 32))
            return unsupported(c, v->lineno, "gc.set_debug() flags other than gc.DEBUG_SAVEALL or 0"), false;
        g->saveall = flags == 32;
        return true;
    }
    return unsupported(c, v->lineno, "gc.%.40s()", fn), false;
}

/* `<expr>` as a statement: a call of the subset, a comparison, or a value */
static bool expr_stmt(emit_t *em, const pyparse_expr_t *v);

/* An argument of print() that is no value the subset builds but what an
 * expression statement computes: a comparison (`a is b`, `x in s`), or a
 * call of sys.getsizeof/getrefcount, id, len, the gc module, or w(). */
static bool is_computed(const pyparse_expr_t *e)
{
    if (e->kind == PYEXPR_JOINEDSTR) { /* a field computes: the f-string is built by parts */
        for (size_t i = 0; i < e->v.joinedstr.values.n; i++) {
            const pyparse_expr_t *p = e->v.joinedstr.values.items[i];
            if (p->kind == PYEXPR_FORMATTEDVALUE && is_computed(p->v.formattedvalue.value))
                return true;
        }
        return false;
    }
    if (e->kind == PYEXPR_UNARYOP && e->v.unaryop.op == PYUOP_NOT)
        return e->v.unaryop.operand->kind == PYEXPR_COMPARE;
    if (e->kind == PYEXPR_COMPARE)
        return true;
    if (e->kind != PYEXPR_CALL)
        return false;
    if (is_method_call(e))
        return true;
    const pyparse_expr_t *f = e->v.call.func;
    if (f->kind == PYEXPR_ATTRIBUTE &&
        (is_name(f->v.attribute.value, "sys") || is_name(f->v.attribute.value, "gc")))
        return !is_name(f->v.attribute.value, "sys") || strcmp(f->v.attribute.attr, "intern") != 0;
    if (is_name(f, "id") || is_name(f, "len"))
        return true;
    return is_path_expr(f) && f->kind != PYEXPR_NAME && !e->v.call.args.n && !e->v.call.n_keywords; /* w() */
}

/* e evaluated by a part of the statement that keeps its value on the
 * statement's value stack (heap_stmt_t.keep): what an expression statement
 * computes (is_computed()), else a value (OP_EVAL). The spec that reads it
 * back (SP_KEPT), or NULL. */
static spec_t *kept_part(emit_t *em, const pyparse_expr_t *e)
{
    tctx_t *c = em->c;
    size_t before = em->ps->nstmts;
    bool negate = em->ps->negate;
    em->ps->negate = false;
    if (!is_computed(e)) {
        heap_stmt_t *ev = emit(em, OP_EVAL);
        if (!(ev->value = value_owned(c, e)))
            return NULL;
    } else if (!expr_stmt(em, e)) {
        return NULL;
    }
    heap_stmt_t *part = &em->ps->stmts[em->ps->nstmts - 1];
    if (em->ps->nstmts == before || part->keep)
        return unsupported(c, e->lineno, "this expression as an operand here"); /* made nothing to keep */
    part->keep = true;
    part->keep_negate = em->ps->negate;
    em->ps->negate = negate;
    spec_t *s = owned(c->pool, new_spec(c, SP_KEPT));
    if (s)
        s->i = (int64_t)em->kept++;
    return s;
}

/* An f-string with a field that computes (`f'{a} {sys.getrefcount(a)}'`):
 * each field up to the last such one is a part that keeps its formatted
 * str, as the stack holds it while the next field runs (its value first,
 * kept by a part of its own when it computes); the fields after it and the
 * constants are pieces of the last part, which joins them all
 * (BUILD_STRING) and pops what the parts kept. */
static bool fstring_parts(emit_t *em, const pyparse_expr_t *e)
{
    tctx_t *c = em->c;
    const pyparse_exprs_t *v = &e->v.joinedstr.values;
    if (v->n > FSTRING_MAX_PIECES)
        return unsupported(c, e->lineno, "an f-string of more than %d pieces", FSTRING_MAX_PIECES), false;
    size_t last = 0, base = em->kept;
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i]->kind == PYEXPR_FORMATTEDVALUE && is_computed(v->items[i]->v.formattedvalue.value))
            last = i + 1;
    spec_t *s = owned(c->pool, new_spec(c, SP_FSTRING));
    for (size_t i = 0; s && i < v->n; i++) {
        const pyparse_expr_t *p = v->items[i];
        spec_t *item;
        if (p->kind != PYEXPR_FORMATTEDVALUE) {
            item = value_spec(c, p);
        } else if (i >= last) {
            item = field_spec(c, p, NULL);
        } else {
            const pyparse_expr_t *x = p->v.formattedvalue.value;
            bool computed = is_computed(x);
            spec_t *value = NULL;
            if (computed) {
                spec_t *k = kept_part(em, x);
                if (!k || !(value = new_spec(c, SP_KEPT)))
                    return false;
                value->i = k->i;
            }
            spec_t *field = owned(c->pool, field_spec(c, p, value));
            if (!field)
                return false;
            heap_stmt_t *st = emit(em, OP_EVAL); /* FORMAT_VALUE: pops the value, pushes the str */
            st->value = field;
            st->keep = true;
            st->keep_pop = computed;
            em->kept -= computed;
            if ((item = new_spec(c, SP_KEPT)))
                item->i = (int64_t)em->kept++;
        }
        if (!item)
            return false;
        spec_append(s, item);
    }
    if (!s)
        return false;
    heap_stmt_t *st = emit(em, OP_EVAL);
    st->value = s;
    st->keep_pop = em->kept - base;
    em->kept = base;
    em->ps->result_of = (int)(em->ps->nstmts - 1);
    return true;
}

/* print(...): CALL print with its arguments evaluated in order onto the
 * stack. A computed argument (is_computed()), and every argument before it
 * (the stack holds them while it runs: `print(t, sys.getrefcount(t))`),
 * runs first as a part of the statement that keeps its value
 * (heap_stmt_t.keep); the print part reads them back (SP_KEPT) and builds
 * the rest. The statement's constants are compiled once for all its parts. */
static bool print_call(emit_t *em, const pyparse_expr_t *v)
{
    tctx_t *c = em->c;
    const pyparse_exprs_t *args = &v->v.call.args;
    const char *sep = NULL, *end = NULL;
    unsigned given = 0;
    for (size_t i = 0; i < v->v.call.n_keywords; i++)
        if (!print_keyword(c, v->v.call.keywords[i], &sep, &end, &given))
            return false;
    spec_t **values = pool_calloc(c->pool, args->n ? args->n : 1, sizeof(spec_t *));
    size_t parts = 0;
    for (size_t i = 0; i < args->n; i++)
        if (is_computed(args->items[i]))
            parts = i + 1;
    for (size_t i = 0; i < args->n; i++) {
        const pyparse_expr_t *a = args->items[i];
        if (i >= parts) {
            if (!(values[i] = value_owned(c, a)))
                return false;
            continue;
        }
        if (!(values[i] = kept_part(em, a)))
            return false;
    }
    heap_stmt_t *st = emit(em, OP_PRINT);
    em->ps->result_of = -1;
    st->sep = sep;
    st->end = end;
    st->kw_given = given != 0;
    st->values = values;
    st->nvalues = args->n;
    return true;
}

/* An operand of `==`/`is`: a value, or what a call computes (id(a) ==
 * id(b)), run first as a part that keeps it. */
static spec_t *operand(emit_t *em, const pyparse_expr_t *e)
{
    if (!is_computed(e) || (e->kind != PYEXPR_CALL && e->kind != PYEXPR_JOINEDSTR))
        return value_owned(em->c, e);
    return kept_part(em, e);
}

static bool expr_stmt(emit_t *em, const pyparse_expr_t *v)
{
    tctx_t *c = em->c;
    heap_stmt_t *st;
    em->ps->result_of = 0;
    if (v->kind == PYEXPR_UNARYOP && v->v.unaryop.op == PYUOP_NOT &&
        v->v.unaryop.operand->kind == PYEXPR_COMPARE && v->v.unaryop.operand->v.compare.n == 1) {
        pyparse_cmpop_t op = v->v.unaryop.operand->v.compare.ops[0];
        if (op == PYCMP_IS || op == PYCMP_ISNOT || op == PYCMP_IN || op == PYCMP_NOTIN) {
            em->ps->negate = true; /* fold_unaryop(): `not a is b` is `a is not b` */
            v = v->v.unaryop.operand;
        }
    }
    if (v->kind == PYEXPR_COMPARE) {
        if (v->v.compare.n != 1)
            return unsupported(c, v->lineno, "chained comparisons"), false;
        const pyparse_expr_t *l = v->v.compare.left, *r = v->v.compare.comparators[0];
        switch (v->v.compare.ops[0]) {
        case PYCMP_ISNOT:
        case PYCMP_NOTEQ: em->ps->negate = !em->ps->negate; /* fall through */
        case PYCMP_IS:
        case PYCMP_EQ: {
            bool is = v->v.compare.ops[0] == PYCMP_IS || v->v.compare.ops[0] == PYCMP_ISNOT;
            if (!is_path_expr(l) || !is_path_expr(r)) { /* values, not only references */
                size_t base = em->kept;
                bool negate = em->ps->negate;
                spec_t **values = pool_calloc(c->pool, 2, sizeof(spec_t *));
                if (!(values[0] = operand(em, l)) || !(values[1] = operand(em, r)))
                    return false;
                em->ps->negate = negate;
                st = emit(em, OP_COMPARE);
                st->identity = is;
                st->values = values;
                st->nvalues = 2;
                st->keep_pop = em->kept - base; /* COMPARE_OP pops what the computed operands kept */
                em->kept = base;
                em->ps->result_of = (int)(em->ps->nstmts - 1);
                return true;
            }
            st = emit(em, is ? OP_IS : OP_EQ);
            st->a.path = ref_path(c, l);
            st->b.path = st->a.path ? ref_path(c, r) : NULL;
            return st->b.path != NULL;
        }
        case PYCMP_NOTIN: em->ps->negate = !em->ps->negate; /* fall through */
        case PYCMP_IN:
            st = emit(em, OP_CONTAINS);
            if (!is_path_expr(r)) { /* a value on the right: a display, a literal */
                st->values = pool_calloc(c->pool, 2, sizeof(spec_t *));
                st->nvalues = 2;
                if (!(st->values[0] = value_owned(c, l)) || !(st->values[1] = value_owned(c, r)))
                    return false;
                spec_fold_iter(st->values[1]);
                return true;
            }
            if (!(st->value = value_owned(c, l)))
                return false;
            st->a.path = ref_path(c, r);
            return st->a.path != NULL;
        default: return unsupported(c, v->lineno, "ordering comparisons (<, <=, >, >=)"), false;
        }
    }
    if (em->ps->negate)
        return unsupported(c, v->lineno, "`not` of this expression"), false;
    if (v->kind == PYEXPR_JOINEDSTR && is_computed(v))
        return fstring_parts(em, v);
    if (v->kind != PYEXPR_CALL) {
        st = emit(em, OP_EVAL);
        return (st->value = value_owned(c, v)) != NULL;
    }
    const pyparse_expr_t *f = v->v.call.func;
    const pyparse_exprs_t *args = &v->v.call.args;
    for (size_t i = 0; i < args->n; i++)
        if (args->items[i]->kind == PYEXPR_STARRED)
            return unsupported(c, v->lineno, "unpacking (*) in a call"), false;
    static const struct {
        const char *module, *fn;
        op_t op;
    } one_ref[] = {{"sys", "getsizeof", OP_SIZEOF},
                   {"sys", "getrefcount", OP_GETREFCOUNT},
                   {NULL, "id", OP_ID},
                   {NULL, "len", OP_LEN}};
    for (size_t i = 0; i < sizeof one_ref / sizeof one_ref[0]; i++) {
        bool match = one_ref[i].module ? is_module_attr(c, f, one_ref[i].module, one_ref[i].fn)
                                       : is_name(f, one_ref[i].fn);
        if (match) {
            st = emit(em, one_ref[i].op);
            return ref_or_value_arg(c, v, st);
        }
    }
    if (f->kind == PYEXPR_ATTRIBUTE && is_name(f->v.attribute.value, "gc")) {
        c->needs |= PYMOD_GC;
        return gc_call(em, v);
    }
    if (is_name(f, "print"))
        return print_call(em, v);
    static const struct {
        const char *method;
        op_t op;
        link_kind_t link;
    } methods[] = {
        {"append", OP_LINK, LK_APPEND}, {"add", OP_LINK, LK_ADD}, {"discard", OP_UNLINK, LK_DISCARD}};
    for (size_t i = 0; f->kind == PYEXPR_ATTRIBUTE && i < sizeof methods / sizeof methods[0]; i++)
        if (!strcmp(f->v.attribute.attr, methods[i].method) && args->n == 1 && !v->v.call.n_keywords) {
            st = emit(em, methods[i].op);
            em->ps->result_of = -1;
            st->link = methods[i].link;
            if (!(st->a.path = ref_path(c, f->v.attribute.value)))
                return false;
            spec_t *val = value_owned(c, args->items[0]);
            if (methods[i].op == OP_LINK)
                st->value = val;
            else
                st->key = val;
            return val != NULL;
        }
    if (is_method_call(v)) {
        if (!method_part(em, v))
            return false;
        em->ps->result_of = (int)(em->ps->nstmts - 1);
        return true;
    }
    if (f->kind == PYEXPR_ATTRIBUTE && is_name(f->v.attribute.value, "weakref")) {
        st = emit(em, OP_EVAL); /* weakref.WeakSet() as a statement: the value, made and dropped */
        return (st->value = value_owned(c, v)) != NULL;
    }
    if (is_path_expr(f) && !args->n && !v->v.call.n_keywords && f->kind != PYEXPR_NAME) {
        st = emit(em, OP_DEREF); /* w(), a.w() */
        return (st->a.path = ref_path(c, f)) != NULL;
    }
    if (f->kind == PYEXPR_NAME && !args->n && !v->v.call.n_keywords && !reserved_name(f->v.name.id) &&
        !module_bit(f->v.name.id)) {
        st = emit(em, OP_DEREF); /* w(), or Cls() whose instance goes at once */
        return (st->a.path = ref_path(c, f)) != NULL;
    }
    st = emit(em, OP_EVAL);
    return (st->value = value_owned(c, v)) != NULL;
}

/* t += v, t -= v: a name, attribute or item target (core/pyops.c) */
static bool augassign_stmt(emit_t *em, const pyparse_stmt_t *s)
{
    tctx_t *c = em->c;
    pyparse_binop_t op = s->v.augassign.op;
    if (op != PYOP_ADD && op != PYOP_SUB)
        return unsupported(c, s->lineno, "augmented assignment other than += and -="), false;
    const pyparse_expr_t *t = s->v.augassign.target;
    if (t->kind != PYEXPR_NAME && t->kind != PYEXPR_ATTRIBUTE && t->kind != PYEXPR_SUBSCRIPT)
        return unsupported(c, s->lineno, "this augmented assignment target"), false;
    if (!count_nodes(c, 1))
        return false;
    heap_stmt_t *st = emit(em, OP_AUGASSIGN);
    em->ps->result_of = -1;
    st->augop = op == PYOP_ADD ? '+' : '-';
    st->targets = pool_calloc(c->pool, 1, sizeof *st->targets);
    st->ntargets = 1;
    return target_of(c, t, &st->targets[0]) && (st->value = value_owned(c, s->v.augassign.value)) != NULL;
}

static bool import_stmt(emit_t *em, const pyparse_stmt_t *s)
{
    tctx_t *c = em->c;
    for (size_t i = 0; i < s->v.import.n; i++) {
        const pyparse_alias_t *a = s->v.import.names[i];
        unsigned bit = module_bit(a->name);
        if (!bit)
            return unsupported(c, s->lineno, "import of '%.60s' (the subset imports gc, sys, weakref)",
                               a->name),
                   false;
        if (a->asname)
            return unsupported(c, s->lineno, "import ... as"), false;
        em->ps->imports |= bit;
    }
    return true;
}

static bool def_stmt(emit_t *em, const pyparse_stmt_t *s)
{
    tctx_t *c = em->c;
    if (s->v.functiondef.decorator_list.n)
        return unsupported(c, s->lineno, "decorators"), false;
    heap_stmt_t *st = emit(em, OP_DEF);
    bool res;
    if (!(st->name = name_of(c, s->v.functiondef.name, s->lineno)) ||
        !recording_body(c, s, false, &st->print_text, &res))
        return false;
    const char *param = s->v.functiondef.args->args[0]->arg; /* recording_body() checked: one */
    st->param = pool_strndup(c->pool, param, strlen(param));
    return true;
}

/* _PyCompile_CleanDoc() (3.13+): the docstring with its tabs expanded
 * (str.expandtabs(): 8 columns, a column reset by \n and \r), the first
 * line's leading spaces dropped and the common indentation of the
 * later non-blank lines (spaces only) taken off each of them. Sets *len and
 * answers a new text (pool), or NULL when the doc is already clean: then
 * CPython keeps the literal's own object. */
static char *clean_doc(tctx_t *c, const char *doc, size_t n, size_t *len)
{
    size_t tabs = 0;
    for (size_t i = 0; i < n; i++)
        tabs += doc[i] == '\t';
    char *x = pool_calloc(c->pool, n + tabs * 8 + 1, 1); /* expandtabs() */
    size_t m = 0, col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)doc[i];
        if (b == '\t') {
            size_t k = 8 - col % 8;
            memset(x + m, ' ', k);
            m += k, col += k;
            continue;
        }
        x[m++] = (char)b;
        if (b == '\n' || b == '\r')
            col = 0;
        else if ((b & 0xC0) != 0x80) /* a character's first byte */
            col++;
    }
    const char *p = x, *pend = x + m;
    while (p < pend && *p++ != '\n') {
    }
    size_t margin = SIZE_MAX;
    while (p < pend) { /* the later non-blank lines' smallest indentation */
        const char *s = p;
        while (p < pend && *p == ' ')
            p++;
        if (p < pend && *p != '\n' && (size_t)(p - s) < margin)
            margin = (size_t)(p - s);
        while (p < pend && *p++ != '\n') {
        }
    }
    if (margin == SIZE_MAX)
        margin = 0;
    p = x;
    while (p < pend && *p == ' ')
        p++;
    if (p == x &&
        margin == 0) { /* already clean: expandtabs() gave the same object back unless it expanded */
        *len = m;
        return tabs ? x : NULL;
    }
    char *out = pool_calloc(c->pool, m + 1, 1), *w = out;
    while (p < pend && (*w++ = *p++) != '\n') {
    }
    while (p < pend) {
        for (size_t i = 0; i < margin && p < pend && *p == ' '; i++)
            p++;
        while (p < pend && (*w++ = *p++) != '\n') {
        }
    }
    *len = (size_t)(w - out);
    return out;
}

/* A unit's docstring: compiler_body() loads it and stores it as __doc__ (the
 * unit is a module: every statement compiled alone is one); 3.13 stores
 * what _PyCompile_CleanDoc() makes of it, a str of its own when that
 * changes it, which only the code's constants hold besides __doc__. */
static bool docstring_stmt(emit_t *em, const pyparse_stmt_t *s)
{
    tctx_t *c = em->c;
    heap_stmt_t *st = emit(em, OP_ASSIGN);
    em->ps->result_of = 0;
    st->name = "__doc__";
    return (st->value = doc_spec(c, s->v.expr.value)) != NULL;
}

static bool translate_stmt(tctx_t *c, const pyparse_stmt_t *s, pyexec_stmt_t *ps, bool first)
{
    emit_t em = {c, ps, 0, 0};
    c->line = s->lineno;
    c->needs = 0;
    c->weak_values = false;
    ps->line = s->lineno;
    ps->start = s->src_start;
    ps->result_of = -1;
    size_t end = s->src_end;
    while (end > s->src_start && (c->parsed->source[end - 1] == '\n' || c->parsed->source[end - 1] == ' '))
        end--;
    ps->source = pool_strndup(c->pool, c->parsed->source + s->src_start, end - s->src_start);
    bool ok;
    switch (s->kind) {
    case PYSTMT_PASS: ok = true; break;
    case PYSTMT_IMPORT: ok = import_stmt(&em, s); break;
    case PYSTMT_CLASSDEF:
        ok = class_stmt(&em, s);
        ps->result_of = 0;
        break;
    case PYSTMT_FUNCTIONDEF:
        ok = def_stmt(&em, s);
        ps->result_of = 0;
        break;
    case PYSTMT_ASSIGN: ok = assign_stmt(&em, s); break;
    case PYSTMT_DELETE:
        ok = true;
        for (size_t i = 0; ok && i < s->v.delete_.targets.n; i++)
            ok = delete_target(&em, s->v.delete_.targets.items[i]);
        break;
    case PYSTMT_EXPR:
        ok = is_docstring(s) && (first || !c->module) ? docstring_stmt(&em, s)
                                                      : expr_stmt(&em, s->v.expr.value);
        break;
    case PYSTMT_AUGASSIGN: ok = augassign_stmt(&em, s); break;
    default: ok = unsupported(c, s->lineno, "%s statements", pyparse_stmt_kind_name(s->kind)) != NULL; break;
    }
    ps->needs = c->needs;
    ps->weak_values = c->weak_values;
    return ok && !c->failed;
}

static void bind_weakref(spec_t *s, bool bound)
{
    if (!s)
        return;
    if (s->form == SP_WEAKCONT)
        s->unbound = !bound;
    for (size_t i = 0; i < s->nitems; i++)
        bind_weakref(s->items[i], bound);
}

void pyexec_bind_weakref(pyexec_stmt_t *ps, bool bound)
{
    if (!ps->weak_values)
        return;
    for (size_t k = 0; k < ps->nstmts; k++) {
        heap_stmt_t *st = &ps->stmts[k];
        bind_weakref(st->value, bound);
        bind_weakref(st->key, bound);
        for (size_t i = 0; i < st->nattrs; i++)
            bind_weakref(st->attr_values[i], bound);
        for (size_t i = 0; i < st->nvalues; i++)
            bind_weakref(st->values[i], bound);
        for (size_t i = 0; i < st->ntargets; i++)
            bind_weakref(st->targets[i].key, bound);
    }
}

static int version_number(const char *v)
{
    if (!strcmp(v, "3.10"))
        return 310;
    if (!strcmp(v, "3.11"))
        return 311;
    if (!strcmp(v, "3.12"))
        return 312;
    if (!strcmp(v, "3.13"))
        return 313;
    return 0;
}

void pyexec_translate(const char *src, size_t len, const char *version, bool as_bytes, bool module,
                      const pyexec_limits_t *lim, pyexec_unit_t *u)
{
    memset(u, 0, sizeof *u);
    u->pool = calloc(1, sizeof *u->pool);
    u->lineno = u->offset = u->end_lineno = u->end_offset = PYPARSE_NONE;
    pyparse_result_t *r =
        pyparse_bounded(src, len, version_number(version), as_bytes ? PYPARSE_BYTES : 0, lim->max_parse);
    if (!r) {
        u->status = PYEXEC_UNSUPPORTED;
        snprintf(u->msg, sizeof u->msg, "out of memory parsing the source");
        return;
    }
    u->cost = r->cost;
    if (r->status == PYPARSE_LIMIT) {
        u->status = PYEXEC_BUDGET;
        snprintf(u->msg, sizeof u->msg,
                 "parsing the source needs more than the request's work budget (%zu bytes of parser memory, "
                 "about 10 ns each): nothing ran",
                 lim->max_parse);
        pyparse_free(r);
        return;
    }
    if (r->status != PYPARSE_OK) {
        u->status = r->status == PYPARSE_ERROR ? PYEXEC_SYNTAX : PYEXEC_UNSUPPORTED;
        snprintf(u->type, sizeof u->type, "%s", r->error.type ? r->error.type : "SyntaxError");
        snprintf(u->msg, sizeof u->msg, "%s", r->error.msg ? r->error.msg : "");
        u->lineno = r->error.lineno;
        u->offset = r->error.offset;
        u->end_lineno = r->error.end_lineno;
        u->end_offset = r->error.end_offset;
        pyparse_free(r);
        return;
    }
    if (r->module.n > lim->max_stmts) {
        u->status = PYEXEC_LIMIT;
        u->limit = "batch";
        snprintf(u->msg, sizeof u->msg, "a source runs at most %zu statements (as a batch)", lim->max_stmts);
        pyparse_free(r);
        return;
    }
    pyparse_unsupported_t un = pyparse_first_unsupported(r);
    if (un.construct) {
        u->status = PYEXEC_UNSUPPORTED;
        snprintf(u->msg, sizeof u->msg, "%s", un.construct);
        u->lineno = un.lineno;
        pyparse_free(r);
        return;
    }
    u->source = pool_strndup(u->pool, r->source ? r->source : "", r->source_len);
    u->source_len = r->source_len;
    tctx_t c = {.u = u,
                .pool = u->pool,
                .parsed = r,
                .minor = version_number(version) % 100,
                .version = version,
                .module = module,
                .prof = pyparse_profile_get(version_number(version))};
    u->stmts = pool_calloc(u->pool, r->module.n, sizeof *u->stmts);
    for (size_t i = 0; i < r->module.n; i++) {
        if (!translate_stmt(&c, r->module.items[i], &u->stmts[i], i == 0))
            break;
        u->n = i + 1;
    }
    pyparse_free(r);
}

void pyexec_free(pyexec_unit_t *u)
{
    struct pyexec_pool *p = u->pool;
    if (p) {
        for (size_t i = 0; i < p->nspecs; i++)
            spec_free(p->specs[i]);
        while (p->chunks) {
            pool_chunk_t *c = p->chunks;
            p->chunks = c->next;
            free(c);
        }
        free(p->specs);
        free(p);
    }
    memset(u, 0, sizeof *u);
}

/* One name of the source as heapd reads it: `len` before '(' calls the
 * builtin, `gc` before '.' or after import/',' is the module. */
static bool builtin_use(const char *version, const char *name, int prev, int next, bool after_import)
{
    if (prev == PYTOK_DOT)
        return false;
    if (!strcmp(name, "gc") || !strcmp(name, "sys") || !strcmp(name, "weakref"))
        return next == PYTOK_DOT || after_import;
    return next == PYTOK_LPAR && heap_version_builtin(version, name);
}

/* An f-string before 3.12 (one STRING token): the text of its replacement
 * fields (within braces; `{{` and `}}` are literal) read as code, a name's
 * neighbours being the characters around it */
static bool scan_fstring(const char *version, const char *src, size_t len, pyexec_name_fn fn, void *arg,
                         char *name, size_t cap)
{
    int depth = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)src[i];
        if ((c == '{' || c == '}') && !depth && i + 1 < len && src[i + 1] == c) {
            i += 2;
            continue;
        }
        depth += c == '{' ? 1 : c == '}' && depth ? -1 : 0;
        if (!depth || !(c == '_' || isalpha(c))) {
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && (src[i] == '_' || isalnum((unsigned char)src[i])))
            i++;
        size_t k = i, p = b;
        while (k < len && (src[k] == ' ' || src[k] == '\t'))
            k++;
        while (p && (src[p - 1] == ' ' || src[p - 1] == '\t'))
            p--;
        int next = k >= len ? PYTOK_OP : src[k] == '(' ? PYTOK_LPAR : src[k] == '.' ? PYTOK_DOT : PYTOK_OP;
        int prev = b && src[b - 1] == '.' ? PYTOK_DOT : PYTOK_OP;
        if (i - b < cap) {
            memcpy(name, src + b, i - b);
            name[i - b] = 0;
            if (builtin_use(version, name, prev, next, false) && fn(name, arg))
                return true;
        }
    }
    return false;
}

static bool fstring_token(const pylex_token_t *t)
{
    for (const char *c = t->start; c < t->end && *c != '\'' && *c != '"'; c++)
        if (*c == 'f' || *c == 'F')
            return true;
    return false;
}

bool pyexec_builtin_uses(const pyexec_unit_t *u, const char *version, pyexec_name_fn fn, void *arg,
                         char *name, size_t cap)
{
    pylex_t lx;
    if (pylex_init(&lx, u->source, u->source_len, 1, pyparse_profile_get(version_number(version))) < 0)
        return false; /* (the source was tokenized once already) */
    bool found = false;
    /* a NAME waits for the token after it; prev: the token before it */
    pylex_token_t name_tok = {.type = PYTOK_ENDMARKER}, t;
    int prev = PYTOK_NEWLINE, name_prev = PYTOK_NEWLINE;
    bool prev_import = false, name_imported = false;
    while (!found) {
        int type = pylex_get(&lx, &t);
        if (name_tok.type == PYTOK_NAME) {
            size_t n = (size_t)(name_tok.end - name_tok.start);
            if (n < cap) {
                memcpy(name, name_tok.start, n);
                name[n] = 0;
                found = builtin_use(version, name, name_prev, type, name_imported) && fn(name, arg);
            }
            name_tok.type = PYTOK_ENDMARKER;
        }
        if (found || type == PYTOK_ENDMARKER || type == PYTOK_ERRORTOKEN || type < 0)
            break;
        if (type == PYTOK_STRING && t.start && fstring_token(&t))
            found = scan_fstring(version, t.start, (size_t)(t.end - t.start), fn, arg, name, cap);
        if (type == PYTOK_NAME) {
            name_tok = t;
            name_prev = prev;
            name_imported = prev_import || prev == PYTOK_COMMA;
        }
        prev_import = type == PYTOK_NAME && t.end - t.start == 6 && !memcmp(t.start, "import", 6);
        prev = type;
    }
    pylex_free(&lx);
    return found;
}
