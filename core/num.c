/*
 * num.c — int, bool and float objects.
 *
 * Ints keep CPython's representation (30-bit digits, sign apart) so that
 * getsizeof, hash and repr come from the same digits CPython has.
 */
#include "num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formatter.h"
#include "heap_internal.h"
#include "method.h"
#include "pycall.h"
#include "repr.h"
#include "str.h"
#include "mem.h"

#define SHIFT 30
#define MASK ((1u << SHIFT) - 1)
#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

static obj_t *small_int(heap_t *h, int64_t v)
{
    obj_t **slot = heap_shared(h, SHARED_SMALL_INT + (size_t)(v + NSMALLNEG));
    if (!*slot) {
        /* 3.11's static small ints sit at addresses that are 8 mod 16 */
        obj_t *o = heap_new_static(h, K_INT, h->prof->static_refcnt_base, 8);
        if (v != 0) {
            o->u.i.sign = v < 0 ? -1 : 1;
            o->u.i.ndigits = 1;
            o->u.i.digits = o->u.i.small;
            o->u.i.digits[0] = (uint32_t)(v < 0 ? -v : v);
        }
        *slot = o;
    }
    return obj_newref(*slot);
}

/* A new, unshared int object holding |v| (sign kept apart) in a copy of
 * the n digits: in the object when they fit (objects never move). */
static obj_t *int_alloc(heap_t *h, int sign, const uint32_t *digits, uint32_t n)
{
    while (n && digits[n - 1] == 0)
        n--;
    size_t basic = (size_t)h->prof->int_base + 4 * (n ? n : (size_t)h->prof->int_min_digits);
    obj_t *o = heap_new_object(h, K_INT, basic);
    o->u.i.sign = n ? sign : 0;
    o->u.i.ndigits = n;
    o->u.i.digits = n <= INT_INLINE ? o->u.i.small : xmalloc(n * sizeof *digits);
    for (uint32_t k = 0; k < n; k++)
        o->u.i.digits[k] = digits[k];
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    return o;
}

obj_t *int_from_i64(heap_t *h, int64_t v)
{
    if (v >= -NSMALLNEG && v < NSMALLPOS)
        return small_int(h, v);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint32_t d[3], n = 0;
    for (; u; u >>= SHIFT)
        d[n++] = (uint32_t)(u & MASK);
    return int_alloc(h, v < 0 ? -1 : 1, d, n);
}

bool int_is_small(const char *text, int64_t *v)
{
    const char *p = text + (*text == '-');
    size_t n = strlen(p);
    if (n == 0 || n > 4)
        return false;
    long x = strtol(text, NULL, 10);
    if (x < -NSMALLNEG || x >= NSMALLPOS)
        return false;
    *v = x;
    return true;
}

/* Parses decimal digits into 30-bit digits: multiply by 10**9, add a chunk. */
static uint32_t *parse_decimal(const char *p, uint32_t *nout)
{
    size_t len = strlen(p);
    size_t cap = len / 9 + 2;
    uint32_t *d = xcalloc(cap, sizeof *d);
    uint32_t n = 0;
    size_t first = len % 9 ? len % 9 : 9;
    for (size_t pos = 0; pos < len;) {
        size_t take = pos == 0 ? first : 9;
        uint64_t chunk = 0, scale = 1;
        for (size_t k = 0; k < take; k++) {
            chunk = chunk * 10 + (uint64_t)(p[pos + k] - '0');
            scale *= 10;
        }
        pos += take;
        uint64_t carry = chunk;
        for (uint32_t k = 0; k < n; k++) {
            uint64_t t = (uint64_t)d[k] * scale + carry;
            d[k] = (uint32_t)(t & MASK);
            carry = t >> SHIFT;
        }
        while (carry) {
            d[n++] = (uint32_t)(carry & MASK);
            carry >>= SHIFT;
        }
    }
    *nout = n;
    return d;
}

static bool valid_decimal(const char *text)
{
    const char *p = text + (*text == '-');
    if (!*p || strlen(p) > 100000)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

obj_t *int_new_constant(heap_t *h, const char *text)
{
    if (!valid_decimal(text))
        return NULL;
    int sign = *text == '-' ? -1 : 1;
    uint32_t n;
    uint32_t *d = parse_decimal(text + (*text == '-'), &n);
    obj_t *o = int_alloc(h, sign, d, n);
    free(d);
    return o;
}

obj_t *int_from_decimal(heap_t *h, const char *text)
{
    int64_t v;
    if (!valid_decimal(text))
        return NULL;
    if (int_is_small(text, &v))
        return small_int(h, v);
    return int_new_constant(h, text);
}

static void int_free(obj_t *o)
{
    if (o->u.i.digits != o->u.i.small)
        free(o->u.i.digits);
}

/* mirrors long_to_decimal_string: base 10**9 limbs, then print */
static void int_text(const obj_t *o, strbuf_t *sb)
{
    if (o->kind == K_BOOL) {
        sb_puts(sb, o->u.b ? "True" : "False");
        return;
    }
    uint32_t n = o->u.i.ndigits;
    if (n == 0) {
        sb_putc(sb, '0');
        return;
    }
    uint32_t *out = xcalloc((size_t)n * 2 + 2, sizeof *out);
    size_t nout = 0;
    for (int64_t i = (int64_t)n - 1; i >= 0; i--) {
        uint64_t hi = o->u.i.digits[i];
        for (size_t j = 0; j < nout; j++) {
            uint64_t z = ((uint64_t)out[j] << SHIFT) | hi;
            hi = z / 1000000000u;
            out[j] = (uint32_t)(z - hi * 1000000000u);
        }
        while (hi) {
            out[nout++] = (uint32_t)(hi % 1000000000u);
            hi /= 1000000000u;
        }
    }
    if (o->u.i.sign < 0)
        sb_putc(sb, '-');
    sb_printf(sb, "%u", out[nout - 1]);
    for (size_t j = nout - 1; j-- > 0;)
        sb_printf(sb, "%09u", out[j]);
    free(out);
}

/* mirrors long_hash() in Objects/longobject.c */
static int64_t int_hash_value(const obj_t *o)
{
    if (o->kind == K_BOOL)
        return o->u.b;
    uint64_t x = 0;
    for (int64_t i = (int64_t)o->u.i.ndigits - 1; i >= 0; i--) {
        x = ((x << SHIFT) & HASH_MODULUS) | (x >> (HASH_BITS - SHIFT));
        x += o->u.i.digits[i];
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    int64_t r = o->u.i.sign < 0 ? -(int64_t)x : (int64_t)x;
    return r == -1 ? -2 : r;
}

static void int_parts(const obj_t *o, int *sign, const uint32_t **d, uint32_t *n)
{
    static const uint32_t one = 1;
    if (o->kind == K_BOOL) {
        *sign = o->u.b;
        *d = &one;
        *n = o->u.b ? 1 : 0;
    } else {
        *sign = o->u.i.sign;
        *d = o->u.i.digits;
        *n = o->u.i.ndigits;
    }
}

int int_compare(const obj_t *a, const obj_t *b)
{
    int sa, sb;
    const uint32_t *da, *db;
    uint32_t na, nb;
    int_parts(a, &sa, &da, &na);
    int_parts(b, &sb, &db, &nb);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int mag = 0;
    if (na != nb)
        mag = na < nb ? -1 : 1;
    else
        for (int64_t i = (int64_t)na - 1; i >= 0 && !mag; i--)
            if (da[i] != db[i])
                mag = da[i] < db[i] ? -1 : 1;
    return sa < 0 ? -mag : mag;
}

bool int_fits_i64(const obj_t *o, int64_t *v)
{
    int sign;
    const uint32_t *d;
    uint32_t n;
    int_parts(o, &sign, &d, &n);
    if (n > 3)
        return false;
    uint64_t u = 0;
    for (int64_t i = (int64_t)n - 1; i >= 0; i--)
        u = (u << SHIFT) | d[i];
    if (n == 3 && (d[2] >> 4))
        return false;
    if (sign < 0 && u == (uint64_t)INT64_MAX + 1) { /* -2**63 is a Py_ssize_t too */
        *v = INT64_MIN;
        return true;
    }
    if (u > (uint64_t)INT64_MAX)
        return false;
    *v = sign < 0 ? -(int64_t)u : (int64_t)u;
    return true;
}

/* floatobject.c's free list (PyFloat_MAXFREELIST 100 in 3.10 to 3.13),
 * start-up's entries in region 23 */
#define FLOAT_MAXFREELIST 100

static freelist_t float_freelist(heap_t *h)
{
    return (freelist_t){heap_float_free(h),          &h->float_startup, heap_startup_region(h, 23),  K_FLOAT,
                        (size_t)h->prof->float_size, FLOAT_MAXFREELIST, h->prof->startup_float_pools};
}

/* PyFloat_FromDouble(): the free list's last freed float first, else PyObject_Malloc() */
obj_t *float_new(heap_t *h, double v)
{
    freelist_t fl = float_freelist(h);
    uint64_t reuse = heap_freelist_pop(h, &fl);
    obj_t *o = heap_new_object_at(h, K_FLOAT, (size_t)h->prof->float_size, reuse);
    o->u.f = v;
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    return o;
}

/* mirrors float_repr(): the shortest digits that round-trip, 'r' format */
void float_repr_text(double v, strbuf_t *sb)
{
    if (isnan(v)) {
        sb_puts(sb, "nan");
        return;
    }
    if (isinf(v)) {
        sb_puts(sb, v < 0 ? "-inf" : "inf");
        return;
    }
    char buf[64];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* buf is [-]d[.ddd]e[+-]XX */
    const char *p = buf;
    if (*p == '-') {
        sb_putc(sb, '-');
        p++;
    }
    char digits[32];
    size_t nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = 0;
    int exp10 = atoi(p + 1);
    int decpt = exp10 + 1;
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            sb_puts(sb, "0.");
            for (int i = 0; i < -decpt; i++)
                sb_putc(sb, '0');
            sb_puts(sb, digits);
        } else if ((size_t)decpt >= nd) {
            sb_puts(sb, digits);
            for (size_t i = nd; i < (size_t)decpt; i++)
                sb_putc(sb, '0');
            sb_puts(sb, ".0");
        } else {
            for (int i = 0; i < decpt; i++)
                sb_putc(sb, digits[i]);
            sb_putc(sb, '.');
            sb_puts(sb, digits + decpt);
        }
    } else {
        sb_putc(sb, digits[0]);
        if (nd > 1) {
            sb_putc(sb, '.');
            sb_puts(sb, digits + 1);
        }
        sb_printf(sb, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    }
}

/* mirrors _Py_HashDouble() in Python/pyhash.c */
static int64_t float_hash_value(double v)
{
    if (isinf(v))
        return v > 0 ? 314159 : -314159;
    if (isnan(v))
        return 0;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    int64_t r = (int64_t)x * sign;
    return r == -1 ? -2 : r;
}

/* The slot tables ---------------------------------------------------------- */

static bool is_int(const obj_t *o)
{
    return o->kind == K_INT || o->kind == K_BOOL;
}

/* long_richcompare(): ints and bools; a float decides itself (float_richcompare). */
static int int_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (!is_int(b))
        return NOT_IMPLEMENTED;
    return int_compare(a, b) == 0;
}

/* float_richcompare()'s int branch for ==: x is finite and integral, so it
 * is an exact int; its 30-bit digits (fmod and division by 2**30 are exact
 * on integral doubles) are compared with the int's, never a rounded
 * PyLong_AsDouble: 2**53 + 1 == 2.0**53 is False. */
static int float_int_equal(double x, const obj_t *b)
{
    int sign;
    const uint32_t *d;
    uint32_t n;
    int_parts(b, &sign, &d, &n);
    if ((x > 0) - (x < 0) != sign)
        return 0;
    double v = fabs(x);
    uint32_t k = 0;
    for (; v > 0; k++) {
        double r = fmod(v, (double)(1u << SHIFT));
        if (k >= n || (uint32_t)r != d[k])
            return 0;
        v = (v - r) / (double)(1u << SHIFT);
    }
    return k == n;
}

/* float_richcompare(): an int is compared exactly, so a float with a
 * fraction never equals one */
static int float_eq(heap_t *h, obj_t *a, obj_t *b)
{
    double x = a->u.f;
    if (b->kind == K_FLOAT)
        return x == b->u.f;
    if (!is_int(b))
        return NOT_IMPLEMENTED;
    if (isinf(x) || isnan(x) || x != floor(x))
        return 0;
    return float_int_equal(x, b);
}

static int int_hash(heap_t *h, obj_t *o, int64_t *out)
{
    *out = int_hash_value(o);
    return 0;
}

static int float_hash(heap_t *h, obj_t *o, int64_t *out)
{
    *out = float_hash_value(o->u.f);
    return 0;
}

/* int_text() divides each output limb for each input digit: about n*n/2
 * steps of 2.3 ns for n digits (a 4,300-digit int, 477 digits: 0.26 ms,
 * 28,000 units) */
static void int_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    uint64_t n = o->kind == K_INT ? o->u.i.ndigits : 0;
    repr_pay(r, n * n / 8);
    if (!r->spent)
        int_text(o, &r->sb);
}
static void float_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    float_repr_text(o->u.f, &r->sb);
}

/* int___sizeof__ (Objects/longobject.c): header + digits */
static int64_t int_size(const heap_t *h, const obj_t *o)
{
    const profile_t *p = h->prof;
    uint32_t n = o->kind == K_BOOL ? (o->u.b ? 1 : 0) : o->u.i.ndigits;
    uint32_t d = n < (uint32_t)p->int_min_digits ? (uint32_t)p->int_min_digits : n;
    return p->int_base + 4 * (int64_t)d;
}

static int int_truthy(heap_t *h, obj_t *o)
{
    return o->kind == K_BOOL ? o->u.b : o->u.i.sign != 0;
}
static int float_truthy(heap_t *h, obj_t *o)
{
    return o->u.f != 0.0;
}

static int64_t float_size(const heap_t *h, const obj_t *o)
{
    return h->prof->float_size;
}

static void int_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    int_free(o);
    heap_release_object(h, o, NULL);
}

/* float_dealloc() (3.13: _PyFloat_ExactDealloc()): onto the free list
 * while it holds under PyFloat_MAXFREELIST, else PyObject_Free() */
static void float_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    freelist_t fl = float_freelist(h);
    heap_release_object(h, o, &fl);
}

/* _PyFloat_ClearFreeList() (clear_freelists() at a full collection; 3.13:
 * _PyObject_ClearFreeLists()): each float's block back to pymalloc, the
 * last freed first */
static void float_clear_freelist(heap_t *h)
{
    freelist_t fl = float_freelist(h);
    heap_drain_freelist(h, &fl);
}

static void float_fill_freelist(heap_t *h)
{
    h->float_startup = (uint8_t)h->prof->startup_floats;
}

/* The parser's float for a float literal, beyond the constant the code
 * keeps (parsenumber(): PyFloat_FromDouble(), _PyArena_AddPyObject()): its
 * block is the AST arena's until heap_arena_free() */
void float_arena_copy(heap_t *h)
{
    freelist_t fl = float_freelist(h);
    uint64_t a = heap_freelist_pop(h, &fl);
    if (!a)
        a = heap_block_take(h, (size_t)h->prof->float_size);
    heap_parse_block_float(h, a);
}

void int_arena_copy(heap_t *h, uint32_t ndigits)
{
    heap_parse_block_int(h, (size_t)h->prof->int_base +
                                4 * (ndigits ? ndigits : (size_t)h->prof->int_min_digits));
}

uint32_t int_literal_digits(int64_t v, const char *text)
{
    uint32_t n = 0;
    if (text) {
        free(parse_decimal(text + (*text == '-'), &n));
        return n;
    }
    for (uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; u; u >>= SHIFT)
        n++;
    return n;
}

static void float_block_free(heap_t *h, uint64_t addr)
{
    freelist_t fl = float_freelist(h);
    heap_freelist_push(h, &fl, addr);
}

/* _PyArena_Free(): the arena's floats and ints freed, the last made first
 * (the arena's list_dealloc()), a float onto the free list while it has room */
void float_arena_free(heap_t *h)
{
    heap_parse_blocks_free(h, float_block_free);
}

/* int.real and .numerator are the int itself (a bool's: the int it equals),
 * .denominator 1, .imag 0 (int_get_real, int_get_imag ...) */
static obj_t *int_getset(heap_t *h, obj_t *o, const char *name)
{
    if (!strcmp(name, "real") || !strcmp(name, "numerator"))
        return o->kind == K_BOOL ? int_from_i64(h, o->u.b) : obj_newref(o);
    return int_from_i64(h, !strcmp(name, "denominator"));
}

/* float.real is the float itself; .imag a new 0.0 */
static obj_t *float_getset(heap_t *h, obj_t *o, const char *name)
{
    return !strcmp(name, "real") ? obj_newref(o) : float_new(h, 0.0);
}

static const attr_def_t int_attrs[] = {
    ATTR_M("as_integer_ratio"), ATTR_M("bit_count"),  ATTR_M("bit_length"), ATTR_M("conjugate"),
    ATTR_D("denominator"),      ATTR_C("from_bytes"), ATTR_D("imag"),       {"is_integer", ATTR_METHOD, 12},
    ATTR_D("numerator"),        ATTR_D("real"),       ATTR_M("to_bytes"),   ATTR_END};
static const attr_def_t float_attrs[] = {
    ATTR_M("as_integer_ratio"), ATTR_M("conjugate"), ATTR_C("fromhex"), ATTR_M("hex"), ATTR_D("imag"),
    ATTR_M("is_integer"),       ATTR_D("real"),      ATTR_END};

static bool int_same_const(heap_t *h, const obj_t *a, const obj_t *b)
{
    return int_compare(a, b) == 0;
}

/* bitwise: 0.0 and -0.0 are two constants */
static bool float_same_const(heap_t *h, const obj_t *a, const obj_t *b)
{
    return memcmp(&a->u.f, &b->u.f, sizeof(double)) == 0;
}

/* long_add() / long_sub() (CHECK_BINOP: both ints, bools among them): the
 * result made as PyLong_FromLong() makes it, small ints from the cache;
 * a result past 64 bits (x_add()'s digits) is not simulated */
static obj_t *int_binop(heap_t *h, obj_t *a, obj_t *b, int op)
{
    int64_t x, y, r;
    if ((a->kind != K_INT && a->kind != K_BOOL) || (b->kind != K_INT && b->kind != K_BOOL))
        return PY_NOTIMPL;
    if (!int_fits_i64(a, &x) || !int_fits_i64(b, &y) ||
        (op == '+' ? __builtin_add_overflow(x, y, &r) : __builtin_sub_overflow(x, y, &r))) {
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "int arithmetic past 64 bits");
        return NULL;
    }
    return int_from_i64(h, r);
}

/* PyLong_AsDouble(): correctly rounded (its decimal digits through strtod(),
 * which rounds them correctly too); false past the largest float */
bool int_to_double(const obj_t *o, double *out)
{
    int64_t v;
    if (int_fits_i64(o, &v)) { /* (bools too) the conversion rounds to nearest, ties to even */
        *out = (double)v;
        return true;
    }
    if (o->u.i.ndigits > 35) /* 2**1050 and more */
        return false;
    strbuf_t sb;
    sb_init(&sb);
    int_text(o, &sb);
    *out = strtod(sb.buf, NULL);
    sb_free(&sb);
    return !isinf(*out);
}

/* float_add() / float_sub(): CONVERT_TO_DOUBLE of a float or an int */
static bool as_double(heap_t *h, obj_t *o, double *d, bool *ok)
{
    int64_t v;
    if (o->kind == K_FLOAT) {
        *d = o->u.f;
        return true;
    }
    if (o->kind != K_INT && o->kind != K_BOOL)
        return false;
    if (!int_fits_i64(o, &v)) { /* PyLong_AsDouble()'s rounding of big ints is not simulated */
        exc_set(h->exc, ST_UNSUPPORTED, "unsupported", "float arithmetic with an int past 64 bits");
        *ok = false;
        return true;
    }
    *d = (double)v;
    return true;
}

static obj_t *float_binop(heap_t *h, obj_t *a, obj_t *b, int op)
{
    double x, y;
    bool ok = true;
    if (!as_double(h, a, &x, &ok) || !as_double(h, b, &y, &ok))
        return PY_NOTIMPL;
    if (!ok)
        return NULL;
    return float_new(h, op == '+' ? x + y : x - y);
}

/* bool_repr(): 3.10 the interned identifier, 3.11 a static str of its own
 * (&_Py_ID(True), not the interned copy), 3.12+ the static str that is the
 * interned one */
obj_t *bool_str(heap_t *h, bool b)
{
    const char *name = b ? "True" : "False";
    if (h->prof->ids_interned)
        return str_identifier(h, name);
    obj_t **slot = &h->bool_repr_static[b];
    if (!*slot)
        *slot = str_static_text(h, name);
    return obj_newref(*slot);
}

/* |o| in base 2, 8 or 16 (lowercase) from its 30-bit digits, malloc'd */
static char *int_pow2_digits(const obj_t *o, int bits)
{
    int sign;
    const uint32_t *d;
    uint32_t n;
    int_parts(o, &sign, &d, &n);
    size_t total = (size_t)n * SHIFT, cap = total / (size_t)bits + 2;
    char *out = xmalloc(cap + 1), *p = out + cap;
    *p = 0;
    for (size_t pos = 0; pos < total;) {
        uint32_t v = 0;
        for (int b = 0; b < bits; b++, pos++)
            if (pos < total && (d[pos / SHIFT] >> (pos % SHIFT)) & 1)
                v |= 1u << b;
        *--p = "0123456789abcdef"[v];
    }
    while (*p == '0' && p[1])
        p++;
    if (!*p)
        *--p = '0';
    memmove(out, p, strlen(p) + 1);
    return out;
}

/* format_long_internal() past its checks: the 'c' character, or the digits
 * in the type's base; past the fast path (_PyLong_FormatWriter() writes
 * the digits itself) tmp = _PyLong_Format(): a str of the sign, the base's
 * prefix and the digits (PyUnicode_FromOrdinal() for 'c'), released once
 * the result is written */
static obj_t *int_format_long(heap_t *h, obj_t *o, const fmt_spec_t *f)
{
    int sign;
    const uint32_t *dd;
    uint32_t nd;
    int_parts(o, &sign, &dd, &nd);
    fmt_number_t nm = {.prefix = "", .rest = "", .sign_char = sign < 0 ? '-' : 0};
    strbuf_t digits, t, out;
    sb_init(&digits);
    sb_init(&t);
    sb_init(&out);
    bool fast = f->sign != '+' && f->sign != ' ' && f->width == -1 && f->type != 'X' && f->type != 'n' &&
                !f->thousands && o->kind == K_INT && f->type != 'c';
    if (f->type == 'c') {
        int64_t x;
        if (!int_fits_i64(o, &x)) {
            exc_set(h->exc, ST_PYEXC, "OverflowError", "Python int too large to convert to C long");
            return NULL;
        }
        if (x < 0 || x > 0x10ffff) {
            exc_set(h->exc, ST_PYEXC, "OverflowError", "%%c arg not in range(0x110000)");
            return NULL;
        }
        sb_put_utf8(&t, (uint32_t)x);
        nm.sign_char = 0;
        nm.rest = t.buf;
        nm.nrest = t.len;
        fast = x < 256; /* the shared latin-1 str */
    } else if (f->type == 'd' || f->type == 'n') {
        if (!heap_work(h, (int64_t)((uint64_t)nd * nd / 8)))
            return NULL;
        if (o->kind == K_BOOL)
            sb_putc(&digits, o->u.b ? '1' : '0');
        else
            int_text(o, &digits);
    } else {
        int bits = f->type == 'b' ? 1 : f->type == 'o' ? 3 : 4;
        if (!heap_work(h, (int64_t)nd * SHIFT / bits / 16 + 1))
            return NULL;
        char *p = int_pow2_digits(o, bits);
        sb_puts(&digits, p);
        free(p);
        nm.prefix = !f->alternate ? "" : f->type == 'b' ? "0b" : f->type == 'o' ? "0o" : "0x";
        nm.upper = f->type == 'X';
    }
    if (f->type != 'c') {
        nm.digits = digits.buf + (digits.buf[0] == '-');
        nm.ndigits = (int64_t)strlen(nm.digits);
        if (sign < 0)
            sb_putc(&t, '-');
        sb_puts(&t, f->type == 'b'                     ? "0b"
                    : f->type == 'o'                   ? "0o"
                    : f->type == 'x' || f->type == 'X' ? "0x"
                                                       : "");
        sb_puts(&t, nm.digits);
    }
    obj_t *tmp = fast ? NULL : str_new_paid(h, t.buf, t.len, true);
    obj_t *r = NULL;
    if ((fast || tmp) && fmt_number(h, f, &nm, &out))
        r = str_new_paid(h, out.buf, out.len, false);
    if (tmp)
        obj_decref(h, tmp);
    sb_free(&digits);
    sb_free(&t);
    sb_free(&out);
    return r;
}

/* format_float_internal() of v for o (a float, or an int's float); the
 * unicode_tmp it makes past its fast path, released once the result is written */
static obj_t *float_format_double(heap_t *h, double v, const fmt_spec_t *f)
{
    strbuf_t out;
    sb_init(&out);
    char *tmp_text;
    obj_t *r = NULL;
    if (fmt_double(h, f, v, float_repr_text, &out, &tmp_text)) {
        obj_t *tmp = tmp_text ? str_new_paid(h, tmp_text, strlen(tmp_text), true) : NULL;
        if (!tmp_text || tmp)
            r = str_new_paid(h, out.buf, out.len, false);
        if (tmp)
            obj_decref(h, tmp);
        free(tmp_text);
    }
    sb_free(&out);
    return r;
}

/* the presentation types format_float_internal() takes (int's convert first) */
static bool float_code(uint32_t t)
{
    return t && t < 128 && strchr("eEfFgG%", (int)t);
}

static bool parse_spec(heap_t *h, obj_t *o, obj_t *spec, uint32_t default_type, fmt_spec_t *f)
{
    fmt_text_t sp = str_fmt_text(spec);
    return fmt_spec_parse(h, &sp, obj_tp_name(o), default_type, '>', f);
}

/* long__format__ (bool's too): an empty spec is str(o) (format_obj() for a
 * bool; the int's digits, as a writer's result) */
static obj_t *int_format(heap_t *h, obj_t *o, obj_t *spec)
{
    if (!spec->u.s.len) {
        if (o->kind == K_BOOL)
            return bool_str(h, o->u.b);
        strbuf_t sb;
        sb_init(&sb);
        obj_t *r = heap_work(h, (int64_t)((uint64_t)o->u.i.ndigits * o->u.i.ndigits / 8))
                       ? (int_text(o, &sb), str_new_paid(h, sb.buf, sb.len, false))
                       : NULL;
        sb_free(&sb);
        return r;
    }
    fmt_spec_t f;
    if (!parse_spec(h, o, spec, 'd', &f))
        return NULL;
    if (f.type && f.type < 128 && strchr("bcdoxXn", (int)f.type))
        return fmt_long_check(h, &f) ? int_format_long(h, o, &f) : NULL;
    if (!float_code(f.type))
        return fmt_unknown_type(h, f.type, obj_tp_name(o)), NULL;
    double v; /* PyNumber_Float(o): its float is a temporary no statement sees */
    if (!int_to_double(o, &v)) {
        exc_set(h->exc, ST_PYEXC, "OverflowError", "int too large to convert to float");
        return NULL;
    }
    return float_format_double(h, v, &f);
}

/* float___format__: an empty spec is str(o), a new str */
static obj_t *float_format(heap_t *h, obj_t *o, obj_t *spec)
{
    if (!spec->u.s.len) {
        strbuf_t sb;
        sb_init(&sb);
        float_repr_text(o->u.f, &sb);
        obj_t *r = str_new_paid(h, sb.buf, sb.len, true);
        sb_free(&sb);
        return r;
    }
    fmt_spec_t f;
    if (!parse_spec(h, o, spec, 0, &f))
        return NULL;
    if (f.type && f.type != 'n' && !float_code(f.type))
        return fmt_unknown_type(h, f.type, obj_tp_name(o)), NULL;
    return float_format_double(h, o->u.f, &f);
}

const type_ops_t int_type = {
    .name = "int",
    .same_const = int_same_const,
    .flags = TF_INDEX,
    .index = int_fits_i64,
    .attrs = int_attrs,
    .getset = int_getset,
    .nb_binop = int_binop,
    .dealloc = int_dealloc,
    .free_payload = int_free,
    .size = int_size,
    .hash = int_hash,
    .eq = int_eq,
    .repr = int_repr,
    .truthy = int_truthy,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
    .format = int_format,
};

/* bool: the two static singletons; never deallocated */
const type_ops_t bool_type = {
    .name = "bool",
    .flags = TF_INDEX,
    .index = int_fits_i64,
    .attrs = int_attrs,
    .attrs_owner = "int",
    .nb_binop = int_binop,
    .getset = int_getset,
    .size = int_size,
    .hash = int_hash,
    .eq = int_eq,
    .repr = int_repr,
    .truthy = int_truthy,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
    .format = int_format,
};

const type_ops_t float_type = {
    .name = "float",
    .same_const = float_same_const,
    .attrs = float_attrs,
    .getset = float_getset,
    .nb_binop = float_binop,
    .dealloc = float_dealloc,
    .clear_freelist = float_clear_freelist,
    .fill_freelist = float_fill_freelist,
    .size = float_size,
    .hash = float_hash,
    .eq = float_eq,
    .repr = float_repr,
    .truthy = float_truthy,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
    .format = float_format,
};
