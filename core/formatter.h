/*
 * formatter.h — the format-spec mini-language (Python/formatter_unicode.c)
 * on plain text: parsing a spec, padding and aligning a str's code points,
 * laying out a number's sign, prefix, grouped digits and remainder, and
 * PyOS_double_to_string()'s e, f, g and repr forms. The types' __format__
 * slots (str.c, num.c) read their objects and make the result's str.
 */
#ifndef HEAPD_FORMATTER_H
#define HEAPD_FORMATTER_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"
#include "strbuf.h"

/* InternalFormatSpec */
typedef struct {
    uint32_t fill, align, type; /* type 0: none given and no default */
    bool alternate, no_neg_0;
    char sign; /* 0, '+', '-', ' ' */
    int thousands;
    int64_t width, precision; /* -1: not given */
} fmt_spec_t;

/* A str's code points as the formatter reads them, one at a time (its
 * type file gives the reader: no copy of a long str is made to format it) */
typedef struct {
    uint32_t (*at)(const void *src, size_t i);
    const void *src;
    size_t len;
} fmt_text_t;

/* parse_internal_render_format_spec() of the spec for an object of type
 * tp_name; false with ValueError */
bool fmt_spec_parse(heap_t *h, const fmt_text_t *spec, const char *tp_name, uint32_t default_type,
                    uint32_t default_align, fmt_spec_t *f);

/* unknown_presentation_type(): the ValueError; false */
bool fmt_unknown_type(heap_t *h, uint32_t type, const char *tp_name);

/* Whether the session has room for a text of n bytes about to become a
 * str, paid from the budget (false with the quota's or the budget's error) */
bool fmt_text_room(heap_t *h, size_t n);

typedef enum { FMT_FAILED, FMT_SAME, FMT_TEXT } fmt_result_t;

/* format_string_internal() of a str: FMT_SAME when the writer would copy
 * the str itself (the fast path), FMT_TEXT with *out */
fmt_result_t fmt_string(heap_t *h, const fmt_spec_t *f, const fmt_text_t *s, strbuf_t *out);

/* A number as calc_number_widths() lays it out */
typedef struct {
    char sign_char;     /* '-' when negative */
    const char *prefix; /* "0x" etc., or "" */
    const char *digits; /* the integer part's digits (ASCII) */
    int64_t ndigits;    /* 0 for 'c' and inf/nan */
    bool has_decimal;   /* a '.' follows the digits */
    const char *rest;   /* after the '.', or what is not digits (exponent, '%', a 'c' character) */
    size_t nrest;       /* a 'c' character's bytes (it may be a NUL); 0: rest is a C string */
    bool upper;         /* 'X': prefix and digits upper-cased */
} fmt_number_t;

/* fill_number() */
bool fmt_number(heap_t *h, const fmt_spec_t *f, const fmt_number_t *nm, strbuf_t *out);

/* format_long_internal()'s checks of the spec before any digit is made */
bool fmt_long_check(heap_t *h, const fmt_spec_t *f);

/* format_float_internal() of v: its text in *out; *tmp_text (malloc'd, or
 * NULL on the fast path) is what _PyUnicode_FromASCII() makes a str of
 * first. repr writes repr(v) (float_repr()). */
bool fmt_double(heap_t *h, const fmt_spec_t *f, double v, void (*repr)(double, strbuf_t *), strbuf_t *out,
                char **tmp_text);

#endif
