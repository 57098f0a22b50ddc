/*
 * str.c — str and bytes objects.
 *
 * Sizes follow PEP 393 (kind 1/2/4 per char, ASCII compact). Hashes are
 * CPython's siphash13 over the kind-width representation with the hash
 * secret zeroed (PYTHONHASHSEED=0), so set order matches the interpreter.
 */
#include "str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_internal.h"
#include "mem.h"

#define ROTATE(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define HALF_ROUND(a, b, c, d, s, t) \
    a += b; c += d; b = ROTATE(b, s) ^ a; d = ROTATE(d, t) ^ c; a = ROTATE(a, 32);
#define SINGLE_ROUND(v0, v1, v2, v3) \
    HALF_ROUND(v0, v1, v2, v3, 13, 16); HALF_ROUND(v2, v1, v0, v3, 17, 21);

/* mirrors siphash13() (3.11+) and siphash24() (3.10) in Python/pyhash.c,
 * k0 = k1 = 0: `crounds` rounds per 8-byte block, `drounds` to finish */
static uint64_t siphash(const uint8_t *in, size_t sz, int crounds, int drounds)
{
    uint64_t b = (uint64_t)sz << 56;
    uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
    uint64_t v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
    while (sz >= 8) {
        uint64_t mi = 0;
        for (int k = 0; k < 8; k++)
            mi |= (uint64_t)in[k] << (8 * k);
        in += 8;
        sz -= 8;
        v3 ^= mi;
        for (int r = 0; r < crounds; r++) {
            SINGLE_ROUND(v0, v1, v2, v3);
        }
        v0 ^= mi;
    }
    uint64_t t = 0;
    for (size_t k = 0; k < sz; k++)
        t |= (uint64_t)in[k] << (8 * k);
    b |= t;
    v3 ^= b;
    for (int r = 0; r < crounds; r++) {
        SINGLE_ROUND(v0, v1, v2, v3);
    }
    v0 ^= b;
    v2 ^= 0xff;
    for (int r = 0; r < drounds; r++) {
        SINGLE_ROUND(v0, v1, v2, v3);
    }
    return (v0 ^ v1) ^ (v2 ^ v3);
}

int64_t hash_bytes_with(const void *data, size_t len, int siphash24)
{
    if (len == 0)
        return 0;
    int64_t x = (int64_t)(siphash24 ? siphash(data, len, 2, 4) : siphash(data, len, 1, 3));
    return x == -1 ? -2 : x;
}

int64_t hash_bytes(const void *data, size_t len) { return hash_bytes_with(data, len, 0); }

uint32_t *utf8_decode(const char *s, size_t len, size_t *n)
{
    uint32_t *cp = xmalloc((len + 1) * sizeof *cp);
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        uint32_t c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (more)
            c &= (0x3F >> more);
        while (more-- && p < end)
            c = (c << 6) | (*p++ & 0x3F);
        cp[k++] = c;
    }
    *n = k;
    return cp;
}

static void fill_str(obj_t *o, uint32_t *cps, size_t n)
{
    uint32_t maxc = 0;
    for (size_t i = 0; i < n; i++)
        if (cps[i] > maxc)
            maxc = cps[i];
    o->u.s.cp = cps;
    o->u.s.len = n;
    o->u.s.ascii = maxc < 128;
    o->u.s.kindw = maxc < 256 ? 1 : maxc < 65536 ? 2 : 4;
    o->u.s.hash = -1;
}

static obj_t *static_str(heap_t *h, obj_t **slot, uint32_t c, size_t n)
{
    if (!*slot) {
        obj_t *o = heap_new_static(h, K_STR, h->prof->static_refcnt_base, 0);
        uint32_t *cps = xmalloc(sizeof *cps);
        cps[0] = c;
        fill_str(o, cps, n);
        *slot = o;
    }
    return obj_newref(*slot);
}

static obj_t *str_new(heap_t *h, uint32_t *cps, size_t n)
{
    obj_t tmp = {0};
    fill_str(&tmp, cps, n);
    size_t basic = tmp.u.s.ascii ? (size_t)h->prof->str_ascii_base + n
                                 : (size_t)h->prof->str_compact_base + (n + 1) * tmp.u.s.kindw;
    obj_t *o = heap_new_object(h, K_STR, basic);
    o->u.s = tmp.u.s;
    o->u.s.serial = (uint32_t)++h->next_serial;
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    return o;
}

obj_t *str_from_cps(heap_t *h, uint32_t *cps, size_t n)
{
    if (n == 0) {
        free(cps);
        return static_str(h, &h->empty_str, 0, 0);
    }
    if (n == 1 && cps[0] < 256) {
        uint32_t c = cps[0];
        free(cps);
        return static_str(h, &h->latin1[c], c, 1);
    }
    return str_new(h, cps, n);
}

/* mirrors all_name_chars() in Objects/codeobject.c: literals made only of
 * ASCII letters, digits and underscores are interned by the compiler */
static bool all_name_chars(const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static bool preinterned(const profile_t *p, const char *key)
{
    return p->npreinterned && bsearch(&key, p->preinterned, p->npreinterned, sizeof(char *), cmp_cstr);
}

obj_t *str_constant(heap_t *h, const char *utf8, size_t len)
{
    size_t n;
    uint32_t *cps = utf8_decode(utf8, len, &n);
    if (n <= 1 || !all_name_chars(cps, n))
        return str_from_cps(h, cps, n);
    char *key = xmalloc(len + 1);
    memcpy(key, utf8, len);
    key[len] = 0;
    obj_t *s = strmap_get(&h->interned, key);
    if (!s && preinterned(h->prof, key)) {
        /* the interpreter's own str: shared, like the static singletons */
        s = heap_new_static(h, K_STR, h->prof->static_refcnt_base, 0);
        fill_str(s, cps, n);
        s->flags |= OF_INTERNED;
        strmap_set(&h->interned, key, s);
        cps = NULL;
    }
    free(key);
    if (s) {
        free(cps);
        return obj_newref(s);
    }
    s = str_new(h, cps, n);
    obj_t *canon = str_intern(h, s);
    obj_decref(h, s);
    return canon;
}

char *str_to_utf8(const obj_t *o)
{
    strbuf_t sb;
    sb_init(&sb);
    for (size_t i = 0; i < o->u.s.len; i++)
        sb_put_utf8(&sb, o->u.s.cp[i]);
    return sb_take(&sb);
}

/* mirrors PyUnicode_InternInPlace: the first equal str interned wins;
 * 3.11 does not count the interned table's references */
obj_t *str_intern(heap_t *h, obj_t *s)
{
    if (s->flags & (OF_INTERNED | OF_STATIC))
        return obj_newref(s);
    char *key = str_to_utf8(s);
    obj_t *canon = strmap_get(&h->interned, key);
    if (!canon) {
        strmap_set(&h->interned, key, s);
        s->flags |= OF_INTERNED;
        canon = s;
        if (h->prof->interned_immortal == 1 ||
            (h->prof->interned_immortal == 2 && strmap_get(&h->code_names, key)))
            heap_make_immortal(h, s);
    }
    free(key);
    return obj_newref(canon);
}

void heap_note_code_name(heap_t *h, const char *name)
{
    if (!strmap_get(&h->code_names, name))
        strmap_set(&h->code_names, name, (void *)1);
    obj_t *s = strmap_get(&h->interned, name);
    if (s)
        heap_make_immortal(h, s);
}

void str_forget_interned(heap_t *h, obj_t *s)
{
    char *key = str_to_utf8(s);
    if (strmap_get(&h->interned, key) == s)
        strmap_del(&h->interned, key);
    free(key);
}

/* mirrors unicode_hash(): siphash over the kind-width code units */
int64_t str_hash(const heap_t *h, obj_t *o)
{
    if (o->u.s.hash != -1)
        return o->u.s.hash;
    size_t w = o->u.s.kindw, n = o->u.s.len;
    uint8_t *buf = xmalloc(n * w + 1);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < w; k++)
            buf[i * w + k] = (uint8_t)(o->u.s.cp[i] >> (8 * k));
    o->u.s.hash = hash_bytes_with(buf, n * w, h->prof->siphash24);
    free(buf);
    return o->u.s.hash;
}

bool str_eq(const obj_t *a, const obj_t *b)
{
    return a->u.s.len == b->u.s.len &&
           (a->u.s.len == 0 || memcmp(a->u.s.cp, b->u.s.cp, a->u.s.len * sizeof(uint32_t)) == 0);
}

/* Py_UNICODE_ISPRINTABLE for the ranges the sandbox can tell apart without
 * the Unicode database: controls, separators, format chars and surrogates. */
static bool printable(uint32_t c)
{
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0xa0) || c == 0xad)
        return false;
    if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x206f))
        return false;
    if (c == 0x3000 || c == 0xfeff || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xe000 && c <= 0xf8ff))
        return false;
    if (c == 0xfffe || c == 0xffff || c > 0x10ffff || (c >= 0xf0000))
        return false;
    return true;
}

/* mirrors unicode_repr() */
void str_repr(const obj_t *o, strbuf_t *sb)
{
    bool has_sq = false, has_dq = false;
    for (size_t i = 0; i < o->u.s.len; i++) {
        has_sq |= o->u.s.cp[i] == '\'';
        has_dq |= o->u.s.cp[i] == '"';
    }
    char quote = has_sq && !has_dq ? '"' : '\'';
    sb_putc(sb, quote);
    for (size_t i = 0; i < o->u.s.len; i++) {
        uint32_t c = o->u.s.cp[i];
        if (c == (uint32_t)quote || c == '\\') {
            sb_putc(sb, '\\');
            sb_putc(sb, (char)c);
        } else if (c == '\t') sb_puts(sb, "\\t");
        else if (c == '\n') sb_puts(sb, "\\n");
        else if (c == '\r') sb_puts(sb, "\\r");
        else if (c < 0x80 && printable(c)) sb_putc(sb, (char)c);
        else if (c < 0x80 || (!printable(c) && c <= 0xff)) sb_printf(sb, "\\x%02x", c);
        else if (printable(c)) sb_put_utf8(sb, c);
        else if (c <= 0xffff) sb_printf(sb, "\\u%04x", c);
        else sb_printf(sb, "\\U%08x", c);
    }
    sb_putc(sb, quote);
}

void str_free(obj_t *o) { free(o->u.s.cp); }

static obj_t *static_bytes(heap_t *h, obj_t **slot, const uint8_t *data, size_t n)
{
    if (!*slot) {
        obj_t *o = heap_new_static(h, K_BYTES, h->prof->static_refcnt_base, 0);
        o->u.by.data = xmalloc(1);
        if (n)
            o->u.by.data[0] = data[0];
        o->u.by.len = n;
        o->u.by.hash = -1;
        *slot = o;
    }
    return obj_newref(*slot);
}

/* b'' and the 256 one-byte bytes are singletons (bytes_characters) */
obj_t *bytes_constant(heap_t *h, const uint8_t *data, size_t len)
{
    if (len == 0)
        return static_bytes(h, &h->empty_bytes, data, 0);
    if (len == 1)
        return static_bytes(h, &h->byte_chars[data[0]], data, 1);
    obj_t *o = heap_new_object(h, K_BYTES, (size_t)h->prof->bytes_base + len);
    o->u.by.data = xmalloc(len);
    memcpy(o->u.by.data, data, len);
    o->u.by.len = len;
    o->u.by.hash = -1;
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    return o;
}

int64_t bytes_hash(const heap_t *h, obj_t *o)
{
    if (o->u.by.hash == -1)
        o->u.by.hash = hash_bytes_with(o->u.by.data, o->u.by.len, h->prof->siphash24);
    return o->u.by.hash;
}

/* mirrors PyBytes_Repr() */
void bytes_repr(const obj_t *o, strbuf_t *sb)
{
    bool has_sq = memchr(o->u.by.data, '\'', o->u.by.len) != NULL;
    bool has_dq = memchr(o->u.by.data, '"', o->u.by.len) != NULL;
    char quote = has_sq && !has_dq ? '"' : '\'';
    sb_putc(sb, 'b');
    sb_putc(sb, quote);
    for (size_t i = 0; i < o->u.by.len; i++) {
        uint8_t c = o->u.by.data[i];
        if (c == (uint8_t)quote || c == '\\') { sb_putc(sb, '\\'); sb_putc(sb, (char)c); }
        else if (c == '\t') sb_puts(sb, "\\t");
        else if (c == '\n') sb_puts(sb, "\\n");
        else if (c == '\r') sb_puts(sb, "\\r");
        else if (c < 0x20 || c >= 0x7f) sb_printf(sb, "\\x%02x", c);
        else sb_putc(sb, (char)c);
    }
    sb_putc(sb, quote);
}

void bytes_free(obj_t *o) { free(o->u.by.data); }
