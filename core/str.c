/*
 * str.c — str and bytes objects (Objects/unicodeobject.c, bytesobject.c).
 *
 * A str is stored as CPython stores it (PEP 393): one, two or four bytes
 * per code point by its largest code point, so sizes, memory and hashes
 * come from the same representation. Hashes are siphash13 (siphash24 in
 * 3.10) over those bytes with the secret zeroed (PYTHONHASHSEED=0).
 */
#include "str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formatter.h"
#include "heap_internal.h"
#include "method.h"
#include "mem.h"
#include "num.h"
#include "pycall.h"
#include "repr.h"
#include "unicode.h"

#define ROTATE(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define HALF_ROUND(a, b, c, d, s, t)                                                                         \
    a += b;                                                                                                  \
    c += d;                                                                                                  \
    b = ROTATE(b, s) ^ a;                                                                                    \
    d = ROTATE(d, t) ^ c;                                                                                    \
    a = ROTATE(a, 32);
#define SINGLE_ROUND(v0, v1, v2, v3)                                                                         \
    HALF_ROUND(v0, v1, v2, v3, 13, 16);                                                                      \
    HALF_ROUND(v2, v1, v0, v3, 17, 21);

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

int64_t hash_bytes(const void *data, size_t len)
{
    return hash_bytes_with(data, len, 0);
}

/* Code points ---------------------------------------------------------------- */

uint32_t str_char(const obj_t *o, size_t i)
{
    switch (o->u.s.kindw) {
    case 1: return ((const uint8_t *)o->u.s.data)[i];
    case 2: return ((const uint16_t *)o->u.s.data)[i];
    default: return ((const uint32_t *)o->u.s.data)[i];
    }
}

static void put_char(void *data, int kindw, size_t i, uint32_t c)
{
    switch (kindw) {
    case 1: ((uint8_t *)data)[i] = (uint8_t)c; break;
    case 2: ((uint16_t *)data)[i] = (uint16_t)c; break;
    default: ((uint32_t *)data)[i] = c; break;
    }
}

/* Reads one code point of valid UTF-8 (the API validated it). */
static uint32_t utf8_next(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = *pp;
    uint32_t c = *p++;
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (more)
        c &= (0x3F >> more);
    while (more-- && p < end)
        c = (c << 6) | (*p++ & 0x3F);
    *pp = p;
    return c;
}

/* A decoded text: its length and largest code point (find_maxchar). */
static size_t utf8_measure(const char *s, size_t len, uint32_t *maxc)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t n = 0;
    *maxc = 0;
    while (p < end) {
        uint32_t c = utf8_next(&p, end);
        if (c > *maxc)
            *maxc = c;
        n++;
    }
    return n;
}

static int kind_for(uint32_t maxc)
{
    return maxc < 256 ? 1 : maxc < 65536 ? 2 : 4;
}

/* Fills o's str payload from UTF-8 (its length and maximum known). */
static void fill_utf8(obj_t *o, const char *s, size_t len, size_t n, uint32_t maxc)
{
    int k = kind_for(maxc);
    size_t bytes = n * (size_t)k + 1;
    void *data = bytes <= sizeof o->u.s.small ? o->u.s.small : xmalloc(bytes);
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    for (size_t i = 0; i < n; i++)
        put_char(data, k, i, utf8_next(&p, end));
    HEAPD_ASSERT(n < UINT32_MAX);
    o->u.s.data = data;
    o->u.s.len = (uint32_t)n;
    o->u.s.kindw = (uint8_t)k;
    o->u.s.ascii = maxc < 128;
    o->u.s.hash = -1;
}

/* Objects -------------------------------------------------------------------- */

static obj_t *static_char(heap_t *h, obj_t **slot, uint32_t c, size_t n)
{
    if (!*slot) {
        obj_t *o = heap_new_static(h, K_STR, h->prof->static_refcnt_base, 0);
        char utf8[4];
        size_t len = 0;
        if (n) {
            if (c < 0x80) {
                utf8[len++] = (char)c;
            } else {
                utf8[len++] = (char)(0xC0 | (c >> 6));
                utf8[len++] = (char)(0x80 | (c & 0x3F));
            }
        }
        fill_utf8(o, utf8, len, n, c);
        *slot = o;
    }
    return obj_newref(*slot);
}

/* '' and the latin-1 characters are the interpreter's singletons. */
static obj_t *shared_str(heap_t *h, size_t n, uint32_t c)
{
    if (n == 0)
        return static_char(h, &h->empty_str, 0, 0);
    return static_char(h, heap_shared(h, SHARED_LATIN1 + c), c, 1);
}

/* Bytes of the UTF-8 form (and its NUL) a non-ASCII str caches once asked for it */
static int64_t utf8_cache_size(const obj_t *o)
{
    if (!o->u.s.utf8)
        return 0;
    int64_t n = 1;
    for (size_t i = 0; i < o->u.s.len; i++) {
        uint32_t c = str_char(o, i);
        n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    return n;
}

static int64_t str_size(const heap_t *h, const obj_t *o)
{
    const profile_t *p = h->prof;
    if (o->u.s.ascii)
        return p->str_ascii_base + (int64_t)o->u.s.len;
    if (o->u.s.len == 1 && (o->flags & OF_STATIC) && str_char(o, 0) < 256)
        return p->str_latin1_char_size + utf8_cache_size(o);
    return p->str_compact_base + ((int64_t)o->u.s.len + 1) * o->u.s.kindw + utf8_cache_size(o);
}

void str_keep_utf8(heap_t *h, obj_t *o)
{
    if (o->u.s.ascii || o->u.s.utf8)
        return;
    o->u.s.utf8 = true;
    heap_account_size(h, o);
}

bool str_utf8_asked_shared(heap_t *h, const char *utf8, size_t len)
{
    uint32_t maxc;
    size_t n = utf8_measure(utf8, len, &maxc);
    if (maxc < 128) /* an ASCII str's UTF-8 is its text */
        return true;
    if (n != 1 || maxc > 255)
        return false;
    if (h->prof->latin1_char_utf8) { /* the shared one (get_latin1_char()): every such str is it */
        obj_t *o = shared_str(h, n, maxc);
        str_keep_utf8(h, o);
        obj_decref(h, o);
    }
    return true;
}

/* A new session str from UTF-8 whose length and maximum are known. */
static obj_t *new_str(heap_t *h, const char *utf8, size_t len, size_t n, uint32_t maxc)
{
    int k = kind_for(maxc);
    size_t basic = maxc < 128 ? (size_t)h->prof->str_ascii_base + n
                              : (size_t)h->prof->str_compact_base + (n + 1) * (size_t)k;
    obj_t *o = heap_new_object(h, K_STR, basic);
    fill_utf8(o, utf8, len, n, maxc);
    o->u.s.serial = ++h->next_serial;
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    return o;
}

obj_t *str_from_utf8(heap_t *h, const char *utf8, size_t len)
{
    uint32_t maxc;
    size_t n = utf8_measure(utf8, len, &maxc);
    if (n == 0 || (n == 1 && maxc < 256))
        return shared_str(h, n, maxc);
    return new_str(h, utf8, len, n, maxc);
}

obj_t *str_new_text(heap_t *h, const char *utf8, size_t len)
{
    uint32_t maxc;
    size_t n = utf8_measure(utf8, len, &maxc);
    if (n == 0)
        return shared_str(h, 0, 0);
    return new_str(h, utf8, len, n, maxc);
}

obj_t *str_new_paid(heap_t *h, const char *utf8, size_t len, bool fresh)
{
    if (!fmt_text_room(h, len))
        return NULL;
    return fresh ? str_new_text(h, utf8 ? utf8 : "", len) : str_from_utf8(h, utf8 ? utf8 : "", len);
}

/* the formatter's reader of a str's code points (formatter.h) */
static uint32_t text_at(const void *s, size_t i)
{
    return str_char(s, i);
}

fmt_text_t str_fmt_text(const obj_t *s)
{
    return (fmt_text_t){.at = text_at, .src = s, .len = s->u.s.len};
}

/* unicode__format__: an empty spec copies o itself into the writer, as does
 * a spec that changes nothing (format_string_internal()'s fast path) */
static obj_t *str_format(heap_t *h, obj_t *o, obj_t *spec)
{
    if (!spec->u.s.len)
        return obj_newref(o);
    fmt_text_t sp = str_fmt_text(spec), text = str_fmt_text(o);
    fmt_spec_t f;
    if (!fmt_spec_parse(h, &sp, obj_tp_name(o), 's', '<', &f))
        return NULL;
    if (f.type != 's')
        return fmt_unknown_type(h, f.type, obj_tp_name(o)), NULL;
    strbuf_t sb;
    sb_init(&sb);
    fmt_result_t r = fmt_string(h, &f, &text, &sb);
    obj_t *res = r == FMT_SAME   ? obj_newref(o)
                 : r == FMT_TEXT ? str_new_paid(h, sb.buf, sb.len, false)
                                 : NULL;
    sb_free(&sb);
    return res;
}

obj_t *str_static_text(heap_t *h, const char *ascii)
{
    uint32_t maxc;
    size_t len = strlen(ascii), n = utf8_measure(ascii, len, &maxc);
    obj_t *s = heap_new_static(h, K_STR, h->prof->static_refcnt_base, 0);
    fill_utf8(s, ascii, len, n, maxc);
    return s;
}

obj_t *str_from_char(heap_t *h, uint32_t c)
{
    if (c < 256)
        return shared_str(h, 1, c);
    char utf8[4];
    size_t len = 0;
    if (c < 0x800) {
        utf8[len++] = (char)(0xC0 | (c >> 6));
    } else if (c < 0x10000) {
        utf8[len++] = (char)(0xE0 | (c >> 12));
        utf8[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
    } else {
        utf8[len++] = (char)(0xF0 | (c >> 18));
        utf8[len++] = (char)(0x80 | ((c >> 12) & 0x3F));
        utf8[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
    }
    utf8[len++] = (char)(0x80 | (c & 0x3F));
    return new_str(h, utf8, len, 1, c);
}

size_t str_iter_makes(const heap_t *h, const obj_t *s, size_t *bytes)
{
    size_t n = s->u.s.kindw > 1 ? s->u.s.len : 0;
    *bytes = n * ((size_t)h->prof->str_compact_base + 2 * (size_t)s->u.s.kindw);
    return n;
}

/* mirrors all_name_chars() in Objects/codeobject.c: literals made only of
 * ASCII letters, digits and underscores are interned by the compiler */
static bool all_name_chars(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool preinterned(const profile_t *p, const char *key)
{
    return p->npreinterned && bsearch(&key, p->preinterned, p->npreinterned, sizeof(char *), cmp_cstr);
}

/* 3.11, 3.12: the interned copy of some one-character strs is an object of
 * the interpreter's own, not the latin-1 singleton (profile
 * preinterned_chars); NULL for the others */
static obj_t *preinterned_char(heap_t *h, uint32_t c)
{
    if (c == 0 || c >= 128 || !h->prof->preinterned_chars || !strchr(h->prof->preinterned_chars, (int)c))
        return NULL;
    char key[2] = {(char)c, 0};
    obj_t *s = strmap_get(&h->interned, key);
    if (!s) {
        s = heap_new_static(h, K_STR, h->prof->static_refcnt_base, 0);
        fill_utf8(s, key, 1, 1, c);
        s->flags |= OF_INTERNED;
        strmap_set(&h->interned, key, s);
    }
    return s;
}

obj_t *str_constant(heap_t *h, const char *utf8, size_t len)
{
    uint32_t maxc;
    size_t n = utf8_measure(utf8, len, &maxc);
    obj_t *pc = n == 1 ? preinterned_char(h, maxc) : NULL;
    if (pc) /* a literal is interned: it is that object */
        return obj_newref(pc);
    if (n <= 1 && maxc < 256)
        return shared_str(h, n, maxc);
    if (!all_name_chars(utf8, len) || memchr(utf8, 0, len))
        return new_str(h, utf8, len, n, maxc);
    char *key = xstrndup(utf8, len);
    obj_t *s = strmap_get(&h->interned, key);
    if (!s && preinterned(h->prof, key)) {
        /* the interpreter's own str: shared, like the static singletons */
        s = heap_new_static(h, K_STR, h->prof->static_refcnt_base, 0);
        fill_utf8(s, utf8, len, n, maxc);
        s->flags |= OF_INTERNED;
        strmap_set(&h->interned, key, s);
    }
    free(key);
    if (s)
        return obj_newref(s);
    s = new_str(h, utf8, len, n, maxc);
    obj_t *canon = str_intern(h, s);
    obj_decref(h, s);
    return canon;
}

char *str_to_utf8_prefix(const obj_t *o, size_t max_chars, size_t *len)
{
    strbuf_t sb;
    sb_init(&sb);
    size_t n = o->u.s.len < max_chars ? o->u.s.len : max_chars;
    if (o->u.s.ascii) {
        sb_putn(&sb, o->u.s.data, n);
    } else {
        for (size_t i = 0; i < n; i++)
            sb_put_utf8(&sb, str_char(o, i));
    }
    *len = sb.len;
    return sb_take(&sb);
}

char *str_to_utf8_n(const obj_t *o, size_t *len)
{
    return str_to_utf8_prefix(o, SIZE_MAX, len);
}

char *str_to_utf8(const obj_t *o)
{
    size_t len;
    return str_to_utf8_n(o, &len);
}

/* The interned table's key of s: its UTF-8, with NUL written as C0 80
 * (modified UTF-8) so that every str has a C-string key. */
static char *intern_key(const obj_t *s)
{
    size_t len = s->u.s.len;
    if (s->u.s.ascii && !memchr(s->u.s.data, 0, len)) /* its bytes as they are (about 1 ns a KB) */
        return xstrndup(s->u.s.data, len);
    /* measured, then written: appending a code point at a time to a strbuf
     * took 12 ns a character (a 32 MB str: 0.4 s for each sys.intern()) */
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = str_char(s, i);
        n += c == 0 || (c >= 0x80 && c < 0x800) ? 2 : c < 0x80 ? 1 : c < 0x10000 ? 3 : 4;
    }
    char *key = xmalloc(n + 1), *p = key;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = str_char(s, i);
        if (c == 0) {
            *p++ = (char)0xC0;
            *p++ = (char)0x80;
        } else if (c < 0x80) {
            *p++ = (char)c;
        } else if (c < 0x800) {
            *p++ = (char)(0xC0 | (c >> 6));
            *p++ = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *p++ = (char)(0xE0 | (c >> 12));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (char)(0x80 | (c & 0x3F));
        } else {
            *p++ = (char)(0xF0 | (c >> 18));
            *p++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *p = 0;
    return key;
}

/* mirrors PyUnicode_InternInPlace: the first equal str interned wins;
 * 3.11 does not count the interned table's references */
obj_t *str_intern(heap_t *h, obj_t *s)
{
    obj_t *pc = s->u.s.len == 1 ? preinterned_char(h, str_char(s, 0)) : NULL;
    if (pc)
        return obj_newref(pc);
    if (s->flags & (OF_INTERNED | OF_STATIC))
        return obj_newref(s);
    char *key = intern_key(s);
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

obj_t *str_identifier(heap_t *h, const char *name)
{
    obj_t *s = str_constant(h, name, strlen(name));
    obj_t *canon = str_intern(h, s);
    obj_decref(h, s);
    return canon;
}

void heap_note_code_name(heap_t *h, const char *name)
{
    if (!strmap_get(&h->code_names, name))
        strmap_set(&h->code_names, name, (void *)1);
    obj_t *s = h->prof->interned_immortal == 2 ? strmap_get(&h->interned, name) : NULL;
    if (s)
        heap_make_immortal(h, s);
}

static void str_forget_interned(heap_t *h, obj_t *s)
{
    char *key = intern_key(s);
    if (strmap_get(&h->interned, key) == s)
        strmap_del(&h->interned, key);
    free(key);
}

bool str_eq(const obj_t *a, const obj_t *b)
{
    /* PEP 393 strs are canonical: equal texts have the same kind */
    return a->u.s.len == b->u.s.len && a->u.s.kindw == b->u.s.kindw &&
           memcmp(a->u.s.data, b->u.s.data, a->u.s.len * a->u.s.kindw) == 0;
}

static bool all_ascii(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80)
            return false;
    return true;
}

/* A UTF-8 text in PEP 393 form (kind-width code units), as a lookup needs it
 * without making an object: into buf when it fits, else allocated (*owned). */
static void *units_of(const char *text, size_t len, size_t *n, int *kind, void *buf, size_t room,
                      void **owned)
{
    uint32_t maxc;
    *n = utf8_measure(text, len, &maxc);
    *kind = kind_for(maxc);
    size_t bytes = *n * (size_t)*kind;
    void *data = *owned = bytes <= room ? NULL : xmalloc(bytes);
    if (!data)
        data = buf;
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    for (size_t i = 0; i < *n; i++)
        put_char(data, *kind, i, utf8_next(&p, end));
    return data;
}

bool str_eq_utf8(const obj_t *s, const char *text, size_t len)
{
    if (s->u.s.ascii)
        return s->u.s.len == len && memcmp(s->u.s.data, text, len) == 0;
    if (all_ascii(text, len))
        return false;
    uint32_t buf[64];
    void *owned;
    size_t n;
    int kind;
    const void *units = units_of(text, len, &n, &kind, buf, sizeof buf, &owned);
    bool eq = n == s->u.s.len && kind == s->u.s.kindw && memcmp(units, s->u.s.data, n * (size_t)kind) == 0;
    free(owned);
    return eq;
}

/* mirrors unicode_hash(): siphash over the kind-width code units (our
 * storage is that representation, little-endian as on x86-64) */
int64_t str_hash_value(const heap_t *h, obj_t *o)
{
    if (o->u.s.hash == -1)
        o->u.s.hash = hash_bytes_with(o->u.s.data, o->u.s.len * o->u.s.kindw, h->prof->siphash24);
    return o->u.s.hash;
}

/* unicode_hash() of the str a UTF-8 text makes, without making it */
/* The hashes of the last short ASCII texts looked up on this thread. A
 * lookup by text (a name, an attribute) has no str object whose cached hash
 * it could read (CPython's identifiers are interned strs that carry theirs),
 * and a batch names the same few names in every operation: siphash of each
 * was a tenth of a batch's own work. A hash depends only on the text and the
 * version's function (PYTHONHASHSEED=0), so an entry never goes stale. */
#define NAME_HASH_MEMO 16
#define NAME_HASH_MEMO_LEN 32
static _Thread_local struct {
    uint8_t len; /* 0: empty (the empty text's hash is 0, not looked up) */
    bool siphash24;
    char text[NAME_HASH_MEMO_LEN];
    int64_t hash;
} name_hashes[NAME_HASH_MEMO];

static int64_t ascii_hash(const char *text, size_t len, int siphash24)
{
    if (!len || len > NAME_HASH_MEMO_LEN)
        return hash_bytes_with(text, len, siphash24);
    unsigned slot =
        ((unsigned)len * 31u + (unsigned char)text[0] * 7u + (unsigned char)text[len - 1]) % NAME_HASH_MEMO;
    if (name_hashes[slot].len == len && name_hashes[slot].siphash24 == !!siphash24 &&
        !memcmp(name_hashes[slot].text, text, len))
        return name_hashes[slot].hash;
    int64_t hash = hash_bytes_with(text, len, siphash24);
    name_hashes[slot].len = (uint8_t)len;
    name_hashes[slot].siphash24 = !!siphash24;
    memcpy(name_hashes[slot].text, text, len);
    name_hashes[slot].hash = hash;
    return hash;
}

int64_t str_hash_utf8(const heap_t *h, const char *text, size_t len)
{
    if (all_ascii(text, len))
        return ascii_hash(text, len, h->prof->siphash24);
    uint32_t buf[64];
    void *owned;
    size_t n;
    int kind;
    const void *units = units_of(text, len, &n, &kind, buf, sizeof buf, &owned);
    int64_t hash = hash_bytes_with(units, n * (size_t)kind, h->prof->siphash24);
    free(owned);
    return hash;
}

/* Which quotes a str or bytes holds, as repr() chooses its own by them.
 * The scan walks the whole text, where the repr itself stops at its cap:
 * its outcome is kept in the (immutable) object, so a text of 100 MB costs
 * it once, not once per descriptor that shows it (or an item of it). */
enum { QUOTES_SCANNED = 1, QUOTES_SINGLE = 2, QUOTES_DOUBLE = 4 };

static char repr_quote(uint8_t quotes)
{
    return (quotes & QUOTES_SINGLE) && !(quotes & QUOTES_DOUBLE) ? '"' : '\'';
}

static uint8_t scan_quotes(const void *data, size_t len, int kindw)
{
    uint8_t q = QUOTES_SCANNED;
    if (kindw == 1) {
        q |= memchr(data, '\'', len) ? QUOTES_SINGLE : 0;
        q |= memchr(data, '"', len) ? QUOTES_DOUBLE : 0;
        return q;
    }
    for (size_t i = 0; i < len && q != (QUOTES_SCANNED | QUOTES_SINGLE | QUOTES_DOUBLE); i++) {
        uint32_t c = kindw == 2 ? ((const uint16_t *)data)[i] : ((const uint32_t *)data)[i];
        q |= c == '\'' ? QUOTES_SINGLE : c == '"' ? QUOTES_DOUBLE : 0;
    }
    return q;
}

/* \xNN, \uNNNN or \UNNNNNNNN (an sb_printf() a code point made an escaped repr
 * three times slower than its text) */
static void put_escape(strbuf_t *sb, char letter, int digits, uint32_t c)
{
    static const char hex[] = "0123456789abcdef";
    char esc[10];
    esc[0] = '\\';
    esc[1] = letter;
    for (int k = 0; k < digits; k++)
        esc[2 + k] = hex[(c >> (4 * (digits - 1 - k))) & 0xF];
    sb_putn(sb, esc, (size_t)(2 + digits));
}

/* mirrors unicode_repr() */
static void str_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    strbuf_t *sb = &r->sb;
    if (!o->u.s.quotes)
        o->u.s.quotes = scan_quotes(o->u.s.data, o->u.s.len, o->u.s.kindw);
    char quote = repr_quote(o->u.s.quotes);
    int minor = h->prof->minor; /* Py_UNICODE_ISPRINTABLE: the version's Unicode database */
    sb_putc(sb, quote);
    for (size_t i = 0; i < o->u.s.len; i++) {
        if ((i & 255) == 255) {
            repr_pay_text(r); /* a budgeted walk (print, an f-string) pays as it goes */
            if (repr_full(r)) {
                r->truncated = true;
                return;
            }
        }
        uint32_t c = str_char(o, i);
        if (c == (uint32_t)quote || c == '\\') {
            sb_putc(sb, '\\');
            sb_putc(sb, (char)c);
        } else if (c == '\t')
            sb_puts(sb, "\\t");
        else if (c == '\n')
            sb_puts(sb, "\\n");
        else if (c == '\r')
            sb_puts(sb, "\\r");
        else if (c < 0x80 && uni_is_printable(c, minor))
            sb_putc(sb, (char)c);
        else if (c < 0x80 || (!uni_is_printable(c, minor) && c <= 0xff))
            put_escape(sb, 'x', 2, c);
        else if (uni_is_printable(c, minor))
            sb_put_utf8(sb, c);
        else if (c <= 0xffff)
            put_escape(sb, 'u', 4, c);
        else
            put_escape(sb, 'U', 8, c);
    }
    sb_putc(sb, quote);
}

static void str_free(obj_t *o)
{
    if (o->u.s.data != o->u.s.small)
        free(o->u.s.data);
}

static void str_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    if (o->flags & OF_INTERNED)
        str_forget_interned(h, o);
    str_free(o);
    heap_release_object(h, o, NULL);
}

static int str_hash(heap_t *h, obj_t *o, int64_t *out)
{
    *out = str_hash_value(h, o);
    return 0;
}

/* unicode_compare_eq(): lengths and kinds, then the code units. The
 * comparison of the units pays a unit per 64 bytes, as a search does: `==`
 * of two lists of 200 references to two equal 16 MB strs read 3.2 GB for
 * 201 units, and a batch of 1,000 `==` of them ran 0.58 s for 1,000 */
static int str_richeq(heap_t *h, obj_t *a, obj_t *b)
{
    if (b->kind != K_STR)
        return NOT_IMPLEMENTED;
    if (a->u.s.len == b->u.s.len && a->u.s.kindw == b->u.s.kindw &&
        !heap_work(h, (int64_t)(a->u.s.len * a->u.s.kindw / 64)))
        return -1;
    return str_eq(a, b);
}

static int str_len(heap_t *h, obj_t *o, int64_t *out)
{
    *out = (int64_t)o->u.s.len;
    return 0;
}

/* The key as o's kind, or NULL when it has a wider character than o can hold. */
static void *widen(const obj_t *key, int kindw)
{
    void *buf = xmalloc(key->u.s.len * (size_t)kindw + 1);
    for (size_t i = 0; i < key->u.s.len; i++)
        put_char(buf, kindw, i, str_char(key, i));
    return buf;
}

/* Whether the m code units of needle occur in the n of hay, both w bytes a
 * unit, by Knuth-Morris-Pratt: linear in n + m whatever the input (memmem()
 * on the bytes may match across units: restarting it after each such match
 * is quadratic, a match at every odd byte of a UCS-2 text) */
static bool units_find(const void *hay, size_t n, const void *needle, size_t m, int w)
{
    size_t *fail = xmalloc(m * sizeof *fail);
    const uint8_t *hb = hay, *nb = needle;
#define UNIT(p, i)                                                                                           \
    (w == 2 ? ((const uint16_t *)(const void *)(p))[i] : ((const uint32_t *)(const void *)(p))[i])
    fail[0] = 0;
    for (size_t i = 1, k = 0; i < m; i++) {
        while (k && UNIT(nb, i) != UNIT(nb, k))
            k = fail[k - 1];
        if (UNIT(nb, i) == UNIT(nb, k))
            k++;
        fail[i] = k;
    }
    bool found = false;
    for (size_t i = 0, k = 0; i < n && !found; i++) {
        while (k && UNIT(hb, i) != UNIT(nb, k))
            k = fail[k - 1];
        if (UNIT(hb, i) == UNIT(nb, k))
            k++;
        found = k == m;
    }
#undef UNIT
    free(fail);
    return found;
}

/* PyUnicode_Contains(): a substring search, linear whatever the input:
 * memmem() on the bytes, and for a match that straddles code units (in a
 * UCS-2 or UCS-4 text) a search by units */
static int str_contains(heap_t *h, obj_t *o, obj_t *key)
{
    if (key->kind != K_STR) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "'in <string>' requires string as left operand, not %s",
                obj_tp_name(key));
        return -1;
    }
    if (key->u.s.kindw > o->u.s.kindw)
        return 0;
    if (key->u.s.len == 0)
        return 1;
    if (!heap_work(h, (int64_t)((o->u.s.len + key->u.s.len) / 64) + 1))
        return -1;
    size_t w = o->u.s.kindw, nlen = key->u.s.len * w, hlen = o->u.s.len * w;
    void *needle = key->u.s.kindw == o->u.s.kindw ? key->u.s.data : widen(key, (int)w);
    const char *hay = o->u.s.data;
    const char *m = memmem(hay, hlen, needle, nlen);
    int found = m && (size_t)(m - hay) % w == 0;
    if (m && !found)
        found = units_find(hay, o->u.s.len, needle, key->u.s.len, (int)w);
    if (needle != key->u.s.data)
        free(needle);
    return found;
}

/* An index operand as PyNumber_AsSsize_t(IndexError) reads it: false with
 * the exception set; what is out of range whatever the length becomes INT64_MAX. */
bool index_operand(heap_t *h, const obj_t *o, obj_t *key, const char *fmt, int64_t *i)
{
    if (key->kind != K_INT && key->kind != K_BOOL) {
        exc_set(h->exc, ST_PYEXC, "TypeError", fmt, obj_tp_name(key));
        return false;
    }
    if (!int_fits_i64(key, i)) {
        exc_set(h->exc, ST_PYEXC, "IndexError", "cannot fit 'int' into an index-sized integer");
        return false;
    }
    return true;
}

bool index_in_range(heap_t *h, int64_t *i, int64_t n, const char *message)
{
    if (*i < 0)
        *i += n;
    if (*i < 0 || *i >= n) {
        exc_set(h->exc, ST_PYEXC, "IndexError", "%s", message);
        return false;
    }
    return true;
}

static obj_t *str_getitem(heap_t *h, obj_t *o, obj_t *key)
{
    int64_t i, n = (int64_t)o->u.s.len;
    if (key->kind != K_INT && key->kind != K_BOOL) {
        exc_set(h->exc, ST_PYEXC, "TypeError", h->prof->str_index_fmt, obj_tp_name(key));
        return NULL;
    }
    if (!index_operand(h, o, key, "%s", &i) || !index_in_range(h, &i, n, "string index out of range"))
        return NULL;
    return str_from_char(h, str_char(o, (size_t)i));
}

static bool str_same_const(heap_t *h, const obj_t *a, const obj_t *b)
{
    return str_eq(a, b);
}

static bool bytes_same_const(heap_t *h, const obj_t *a, const obj_t *b)
{
    return a->u.by.len == b->u.by.len && !memcmp(a->u.by.data, b->u.by.data, a->u.by.len);
}

/* dir(str) and dir(bytes) without the dunders */
static const attr_def_t str_attrs[] = {
    ATTR_M("capitalize"),   ATTR_M("center"),       ATTR_M("count"),       ATTR_M("endswith"),
    ATTR_M("expandtabs"),   ATTR_M("find"),         ATTR_M("index"),       ATTR_M("isalnum"),
    ATTR_M("isalpha"),      ATTR_M("isascii"),      ATTR_M("isdigit"),     ATTR_M("islower"),
    ATTR_M("isspace"),      ATTR_M("istitle"),      ATTR_M("isupper"),     ATTR_M("join"),
    ATTR_M("ljust"),        ATTR_M("lower"),        ATTR_M("lstrip"),      ATTR_M("partition"),
    ATTR_M("removeprefix"), ATTR_M("removesuffix"), ATTR_M("replace"),     ATTR_M("rfind"),
    ATTR_M("rindex"),       ATTR_M("rjust"),        ATTR_M("rpartition"),  ATTR_M("rsplit"),
    ATTR_M("rstrip"),       ATTR_M("split"),        ATTR_M("splitlines"),  ATTR_M("startswith"),
    ATTR_M("strip"),        ATTR_M("swapcase"),     ATTR_M("title"),       ATTR_M("translate"),
    ATTR_M("upper"),        ATTR_M("zfill"),        ATTR_C("maketrans"),   ATTR_M("casefold"),
    ATTR_M("encode"),       ATTR_M("format"),       ATTR_M("format_map"),  ATTR_M("isdecimal"),
    ATTR_M("isidentifier"), ATTR_M("isnumeric"),    ATTR_M("isprintable"), ATTR_END};
static const attr_def_t bytes_attrs[] = {ATTR_M("capitalize"),
                                         ATTR_M("center"),
                                         ATTR_M("count"),
                                         ATTR_M("endswith"),
                                         ATTR_M("expandtabs"),
                                         ATTR_M("find"),
                                         ATTR_M("index"),
                                         ATTR_M("isalnum"),
                                         ATTR_M("isalpha"),
                                         ATTR_M("isascii"),
                                         ATTR_M("isdigit"),
                                         ATTR_M("islower"),
                                         ATTR_M("isspace"),
                                         ATTR_M("istitle"),
                                         ATTR_M("isupper"),
                                         ATTR_M("join"),
                                         ATTR_M("ljust"),
                                         ATTR_M("lower"),
                                         ATTR_M("lstrip"),
                                         ATTR_M("partition"),
                                         ATTR_M("removeprefix"),
                                         ATTR_M("removesuffix"),
                                         ATTR_M("replace"),
                                         ATTR_M("rfind"),
                                         ATTR_M("rindex"),
                                         ATTR_M("rjust"),
                                         ATTR_M("rpartition"),
                                         ATTR_M("rsplit"),
                                         ATTR_M("rstrip"),
                                         ATTR_M("split"),
                                         ATTR_M("splitlines"),
                                         ATTR_M("startswith"),
                                         ATTR_M("strip"),
                                         ATTR_M("swapcase"),
                                         ATTR_M("title"),
                                         ATTR_M("translate"),
                                         ATTR_M("upper"),
                                         ATTR_M("zfill"),
                                         ATTR_C("maketrans"),
                                         ATTR_M("decode"),
                                         ATTR_C("fromhex"),
                                         ATTR_M("hex"),
                                         ATTR_END};

/* unicodeiter_next(): each character as a str (the latin-1 ones shared) */
static int str_next(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    if (it->pos >= it->src->u.s.len)
        return 0;
    *a = str_from_char(h, str_char(it->src, it->pos++));
    return 1;
}

static int str_iter(heap_t *h, obj_t *o, py_iter_t *it)
{
    py_iter_start(it, o, str_next);
    return 0;
}

/* PyUnicode_Concat(): the empty str gives the other back; else a new str
 * of both (at least two characters: never a cached one) */
static obj_t *str_concat(heap_t *h, obj_t *a, obj_t *b, int op)
{
    if (!str_check_exact(b)) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "can only concatenate str (not \"%.200s\") to str",
                obj_tp_name(b));
        return NULL;
    }
    if (a->u.s.len == 0)
        return obj_newref(b);
    if (b->u.s.len == 0)
        return obj_newref(a);
    /* the code units copied, widened to the wider kind (_PyUnicode_FastCopyCharacters):
       a copy of 100 MB costs its budget, as a search of it does */
    size_t n = (size_t)a->u.s.len + b->u.s.len;
    if (!heap_work(h, (int64_t)(n / 64) + 1))
        return NULL;
    int k = a->u.s.kindw > b->u.s.kindw ? a->u.s.kindw : b->u.s.kindw;
    bool ascii = a->u.s.ascii && b->u.s.ascii;
    size_t basic =
        ascii ? (size_t)h->prof->str_ascii_base + n : (size_t)h->prof->str_compact_base + (n + 1) * (size_t)k;
    obj_t *r = heap_new_object(h, K_STR, basic);
    size_t bytes = n * (size_t)k + 1;
    void *data = bytes <= sizeof r->u.s.small ? r->u.s.small : xmalloc(bytes);
    const obj_t *parts[2] = {a, b};
    for (size_t p = 0, at = 0; p < 2; at += parts[p]->u.s.len, p++) {
        const obj_t *s = parts[p];
        if (s->u.s.kindw == k)
            memcpy((char *)data + at * (size_t)k, s->u.s.data, s->u.s.len * (size_t)k);
        else
            for (size_t i = 0; i < s->u.s.len; i++)
                put_char(data, k, at + i, str_char(s, i));
    }
    ((char *)data)[bytes - 1] = 0;
    HEAPD_ASSERT(n < UINT32_MAX);
    r->u.s.data = data;
    r->u.s.len = (uint32_t)n;
    r->u.s.kindw = (uint8_t)k;
    r->u.s.ascii = ascii;
    r->u.s.hash = -1;
    r->u.s.serial = ++h->next_serial;
    heap_account_size(h, r);
    heap_emit(h, EV_CREATED, r, NULL);
    return r;
}

const type_ops_t str_type = {
    .name = "str",
    .same_const = str_same_const,
    .flags = TF_SEQUENCE,
    .sq_concat = str_concat,
    .dealloc = str_dealloc,
    .free_payload = str_free,
    .size = str_size,
    .hash = str_hash,
    .eq = str_richeq,
    .repr = str_repr,
    .len = str_len,
    .contains = str_contains,
    .getitem = str_getitem,
    .iter = str_iter,
    .attrs = str_attrs,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
    .format = str_format,
};

/* bytes ---------------------------------------------------------------------- */

static obj_t *static_bytes(heap_t *h, obj_t **slot, const uint8_t *data, size_t n)
{
    if (!*slot) {
        /* 3.10's characters[] cache: a byte start-up did not make is made
         * by its first use (PyBytes_FromStringAndSize()), in a pool block */
        const char *made = h->prof->bytes_chars_startup;
        bool lazy = n == 1 && made && !(data[0] && strchr(made, data[0]));
        obj_t *o = lazy ? heap_new_kept(h, K_BYTES, (size_t)h->prof->bytes_base + 1)
                        : heap_new_static(h, K_BYTES, h->prof->static_refcnt_base, 0);
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
        return static_bytes(h, heap_shared(h, SHARED_BYTE + data[0]), data, 1);
    obj_t *o = heap_new_object(h, K_BYTES, (size_t)h->prof->bytes_base + len);
    o->u.by.data = xmalloc(len);
    memcpy(o->u.by.data, data, len);
    o->u.by.len = len;
    o->u.by.hash = -1;
    heap_account_size(h, o);
    heap_emit(h, EV_CREATED, o, NULL);
    return o;
}

static int bytes_hash(heap_t *h, obj_t *o, int64_t *out)
{
    if (o->u.by.hash == -1)
        o->u.by.hash = hash_bytes_with(o->u.by.data, o->u.by.len, h->prof->siphash24);
    *out = o->u.by.hash;
    return 0;
}

/* bytes_richcompare(): the lengths, then the bytes, which pay as a str's do */
static int bytes_eq(heap_t *h, obj_t *a, obj_t *b)
{
    if (b->kind != K_BYTES)
        return NOT_IMPLEMENTED;
    if (a->u.by.len != b->u.by.len)
        return 0;
    if (!heap_work(h, (int64_t)(a->u.by.len / 64)))
        return -1;
    return memcmp(a->u.by.data, b->u.by.data, a->u.by.len) == 0;
}

/* mirrors PyBytes_Repr() */
static void bytes_repr(heap_t *h, obj_t *o, repr_ctx_t *r)
{
    strbuf_t *sb = &r->sb;
    if (!o->u.by.quotes)
        o->u.by.quotes = scan_quotes(o->u.by.data, o->u.by.len, 1);
    char quote = repr_quote(o->u.by.quotes);
    sb_putc(sb, 'b');
    sb_putc(sb, quote);
    for (size_t i = 0; i < o->u.by.len; i++) {
        if ((i & 255) == 255) {
            repr_pay_text(r); /* a budgeted walk (print, an f-string) pays as it goes */
            if (repr_full(r)) {
                r->truncated = true;
                return;
            }
        }
        uint8_t c = o->u.by.data[i];
        if (c == (uint8_t)quote || c == '\\') {
            sb_putc(sb, '\\');
            sb_putc(sb, (char)c);
        } else if (c == '\t')
            sb_puts(sb, "\\t");
        else if (c == '\n')
            sb_puts(sb, "\\n");
        else if (c == '\r')
            sb_puts(sb, "\\r");
        else if (c < 0x20 || c >= 0x7f)
            put_escape(sb, 'x', 2, c);
        else
            sb_putc(sb, (char)c);
    }
    sb_putc(sb, quote);
}

static void bytes_free(obj_t *o)
{
    free(o->u.by.data);
}

static void bytes_dealloc(heap_t *h, obj_t *o)
{
    heap_emit(h, EV_DESTROYED, o, NULL);
    bytes_free(o);
    heap_release_object(h, o, NULL);
}

static int64_t bytes_size(const heap_t *h, const obj_t *o)
{
    return h->prof->bytes_base + (int64_t)o->u.by.len;
}

static int bytes_len(heap_t *h, obj_t *o, int64_t *out)
{
    *out = (int64_t)o->u.by.len;
    return 0;
}

/* bytes_contains() -> _Py_bytes_contains(): an int is a byte value, else a
 * bytes-like object is searched for */
static int bytes_contains(heap_t *h, obj_t *o, obj_t *key)
{
    if (TYPE(key)->flags & TF_INDEX) { /* PyIndex_Check */
        int64_t v;
        if (!int_fits_i64(key, &v) || v < 0 || v > 255) {
            exc_set(h->exc, ST_PYEXC, "ValueError", "byte must be in range(0, 256)");
            return -1;
        }
        return memchr(o->u.by.data, (int)v, o->u.by.len) != NULL;
    }
    exc_raised_and_cleared(h); /* PyNumber_AsSsize_t()'s TypeError, cleared */
    if (key->kind != K_BYTES) {
        exc_set(h->exc, ST_PYEXC, "TypeError", "a bytes-like object is required, not '%s'", obj_tp_name(key));
        return -1;
    }
    if (key->u.by.len == 0)
        return 1;
    return memmem(o->u.by.data, o->u.by.len, key->u.by.data, key->u.by.len) != NULL;
}

static obj_t *bytes_getitem(heap_t *h, obj_t *o, obj_t *key)
{
    int64_t i, n = (int64_t)o->u.by.len;
    if (!index_operand(h, o, key, "byte indices must be integers or slices, not %s", &i) ||
        !index_in_range(h, &i, n, "index out of range"))
        return NULL;
    return int_from_i64(h, o->u.by.data[i]);
}

/* striter_next(): each byte as an int */
static int bytes_next(heap_t *h, py_iter_t *it, obj_t **a, obj_t **b)
{
    if (it->pos >= it->src->u.by.len)
        return 0;
    *a = int_from_i64(h, it->src->u.by.data[it->pos++]);
    return 1;
}

static int bytes_iter(heap_t *h, obj_t *o, py_iter_t *it)
{
    py_iter_start(it, o, bytes_next);
    return 0;
}

const type_ops_t bytes_type = {
    .name = "bytes",
    .same_const = bytes_same_const,
    .flags = TF_SEQUENCE,
    .sq_concat = py_binop_unsupported, /* bytes_concat() */
    .dealloc = bytes_dealloc,
    .free_payload = bytes_free,
    .size = bytes_size,
    .hash = bytes_hash,
    .eq = bytes_eq,
    .repr = bytes_repr,
    .len = bytes_len,
    .contains = bytes_contains,
    .getitem = bytes_getitem,
    .iter = bytes_iter,
    .attrs = bytes_attrs,
    .getattr = generic_getattr,
    .setattr = generic_setattr,
};
