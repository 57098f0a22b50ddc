/*
 * formatter.c — the format-spec mini-language of Python/formatter_unicode.c
 * (parse_internal_render_format_spec(), format_string_internal(),
 * calc_number_widths() and fill_number(), _PyUnicode_InsertThousandsGrouping(),
 * format_float_internal()) and PyOS_double_to_string()'s e, f and g
 * (format_float_short()), on plain text. A locale's grouping is the C
 * locale's: none ('n' formats as 'd' and 'g' do).
 */
#include "formatter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_internal.h"

/* bytes of text paid a work unit: a result is paid twice (its room before
 * it is written, then its str), and writing, grouping, copying and
 * measuring it took 4 to 12 ns a byte (100 MB fields, 2026-12-03), so a
 * default budget of a second formats about 100 MB */
#define TEXT_BYTES_PER_UNIT 2

bool fmt_text_room(heap_t *h, size_t n)
{
    if (!heap_quota_room(h, 1, n + 64))
        return false;
    return heap_work(h, (int64_t)(n / TEXT_BYTES_PER_UNIT) + 1);
}

enum { LT_NO_LOCALE, LT_DEFAULT, LT_UNDERSCORE, LT_UNDER_FOUR, LT_CURRENT };

static bool value_error(heap_t *h, const char *fmt, const char *a, const char *b)
{
    exc_set(h->exc, ST_PYEXC, "ValueError", fmt, a, b);
    return false;
}

static void code_text(uint32_t c, char *buf, size_t n)
{
    if (c > 32 && c < 128)
        snprintf(buf, n, "%c", (char)c);
    else
        snprintf(buf, n, "\\x%x", (unsigned)c);
}

bool fmt_unknown_type(heap_t *h, uint32_t type, const char *tp_name)
{
    char c[16];
    code_text(type, c, sizeof c);
    return value_error(h, "Unknown format code '%s' for object of type '%.200s'", c, tp_name);
}

/* get_integer(): ASCII digits (Py_UNICODE_TODECIMAL of the others is not
 * simulated: such a spec reads as an unknown code) */
static int get_integer(heap_t *h, const fmt_text_t *spec, size_t *pos, int64_t *out)
{
    int64_t acc = 0;
    int n = 0;
    for (; *pos < spec->len; (*pos)++, n++) {
        uint32_t c = spec->at(spec->src, *pos);
        if (c < '0' || c > '9')
            break;
        if (acc > (INT64_MAX - (int64_t)(c - '0')) / 10)
            return value_error(h, "Too many decimal digits in format string", NULL, NULL), -1;
        acc = acc * 10 + (c - '0');
    }
    *out = acc;
    return n;
}

/* is_alignment_token() */
static bool is_alignment(uint32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

bool fmt_spec_parse(heap_t *h, const fmt_text_t *spec, const char *tp_name, uint32_t default_type,
                    uint32_t default_align, fmt_spec_t *f)
{
    size_t pos = 0, end = spec->len;
#define AT(i) spec->at(spec->src, (i))
    bool align_given = false, fill_given = false;
    *f =
        (fmt_spec_t){.fill = ' ', .align = default_align, .width = -1, .precision = -1, .type = default_type};
    if (end - pos >= 2 && is_alignment(AT(pos + 1))) {
        f->align = AT(pos + 1);
        f->fill = AT(pos);
        fill_given = align_given = true;
        pos += 2;
    } else if (end - pos >= 1 && is_alignment(AT(pos))) {
        f->align = AT(pos);
        align_given = true;
        pos++;
    }
    if (end - pos >= 1 && (AT(pos) == ' ' || AT(pos) == '+' || AT(pos) == '-'))
        f->sign = (char)AT(pos++);
    if (h->prof->format_no_neg_0 && end - pos >= 1 && AT(pos) == 'z') {
        f->no_neg_0 = true;
        pos++;
    }
    if (end - pos >= 1 && AT(pos) == '#') {
        f->alternate = true;
        pos++;
    }
    if (!fill_given && end - pos >= 1 && AT(pos) == '0') { /* '=' for numbers only */
        f->fill = '0';
        if (!align_given && default_align == '>')
            f->align = '=';
        pos++;
    }
    int n = get_integer(h, spec, &pos, &f->width);
    if (n < 0)
        return false;
    if (n == 0)
        f->width = -1;
    if (end - pos && AT(pos) == ',') {
        f->thousands = LT_DEFAULT;
        pos++;
    }
    if (end - pos && AT(pos) == '_') {
        if (f->thousands)
            return value_error(h, "Cannot specify both ',' and '_'.", NULL, NULL);
        f->thousands = LT_UNDERSCORE;
        pos++;
    }
    if (end - pos && AT(pos) == ',')
        return value_error(h, "Cannot specify both ',' and '_'.", NULL, NULL);
    if (end - pos && AT(pos) == '.') {
        pos++;
        n = get_integer(h, spec, &pos, &f->precision);
        if (n < 0)
            return false;
        if (n == 0)
            return value_error(h, "Format specifier missing precision", NULL, NULL);
    }
    if (end - pos > 1) {
        if (!h->prof->format_spec_in_message)
            return value_error(h, "Invalid format specifier", NULL, NULL);
        strbuf_t text;
        sb_init(&text);
        for (size_t i = 0; i < end; i++)
            sb_put_utf8(&text, AT(i));
        value_error(h, "Invalid format specifier '%s' for object of type '%.200s'", text.buf, tp_name);
        sb_free(&text);
        return false;
    }
    if (end - pos == 1)
        f->type = AT(pos);
#undef AT
    if (f->thousands) {
        switch (f->type) {
        case 'd':
        case 'e':
        case 'f':
        case 'g':
        case 'E':
        case 'G':
        case '%':
        case 'F':
        case 0: break;
        case 'b':
        case 'o':
        case 'x':
        case 'X':
            if (f->thousands == LT_UNDERSCORE) {
                f->thousands = LT_UNDER_FOUR;
                break;
            }
            /* fall through */
        default: { /* invalid_thousands_separator_type() */
            char c[16];
            code_text(f->type, c, sizeof c);
            return value_error(h, "Cannot specify '%s' with '%s'.", f->thousands == LT_DEFAULT ? "," : "_",
                               c);
        }
        }
    }
    return true;
}

/* Bytes per code point of a str whose largest is c (PEP 393) */
static size_t kind_of(uint32_t c)
{
    return c < 0x100 ? 1 : c < 0x10000 ? 2 : 4;
}

/* The quota's room for a result of `chars` code points, padded to the
 * width with the fill, the largest code point maxc: checked before it is
 * written */
static bool result_room(heap_t *h, const fmt_spec_t *f, size_t chars, uint32_t maxc)
{
    size_t w = f->width > 0 ? (size_t)f->width : 0, n = w > chars ? w : chars;
    if (w > chars && f->fill > maxc)
        maxc = f->fill;
    return fmt_text_room(h, n * kind_of(maxc));
}

static void put_fill(strbuf_t *sb, uint32_t fill, int64_t n)
{
    char unit[4096];
    strbuf_t one;
    sb_init(&one);
    sb_put_utf8(&one, fill);
    size_t per = one.len, k = sizeof unit / per; /* whole characters a chunk holds */
    for (size_t i = 0; i < k; i++)
        memcpy(unit + i * per, one.buf, per);
    sb_free(&one);
    for (; n > 0; n -= (int64_t)k)
        sb_putn(sb, unit, (size_t)(n < (int64_t)k ? n : (int64_t)k) * per);
}

/* format_string_internal() */
fmt_result_t fmt_string(heap_t *h, const fmt_spec_t *f, const fmt_text_t *s, strbuf_t *out)
{
    if (f->sign)
        return value_error(h,
                           f->sign == ' ' ? "Space not allowed in string format specifier"
                                          : "Sign not allowed in string format specifier",
                           NULL, NULL),
               FMT_FAILED;
    if (f->no_neg_0)
        return value_error(h, "Negative zero coercion (z) not allowed in string format specifier", NULL,
                           NULL),
               FMT_FAILED;
    if (f->alternate)
        return value_error(h, "Alternate form (#) not allowed in string format specifier", NULL, NULL),
               FMT_FAILED;
    if (f->align == '=')
        return value_error(h, "'=' alignment not allowed in string format specifier", NULL, NULL), FMT_FAILED;
    int64_t len = (int64_t)s->len;
    if ((f->width == -1 || f->width <= len) && (f->precision == -1 || f->precision >= len))
        return FMT_SAME; /* the fast path: the writer holds the str itself */
    if (f->precision >= 0 && len >= f->precision)
        len = f->precision;
    int64_t total = f->width > len ? f->width : len;
    int64_t lpad = f->align == '>' ? total - len : f->align == '^' ? (total - len) / 2 : 0;
    uint32_t maxc = 0;
    for (int64_t i = 0; i < len; i++)
        if (s->at(s->src, (size_t)i) > maxc)
            maxc = s->at(s->src, (size_t)i);
    if (!result_room(h, f, (size_t)len, maxc))
        return FMT_FAILED;
    put_fill(out, f->fill, lpad);
    for (int64_t i = 0; i < len; i++)
        sb_put_utf8(out, s->at(s->src, (size_t)i));
    put_fill(out, f->fill, total - len - lpad);
    return FMT_TEXT;
}

/* One group of l characters, written right to left: the separator after
 * it (when a group follows), the last of the remaining digits, zeros for
 * the width; returns the digits it took */
static int64_t put_group(strbuf_t *rev, const char *d, int64_t remaining, int64_t l, bool use_sep, char sep)
{
    int64_t zeros = l - remaining > 0 ? l - remaining : 0;
    int64_t chars = remaining < l ? (remaining > 0 ? remaining : 0) : l;
    if (use_sep)
        sb_putc(rev, sep);
    for (int64_t i = 0; i < chars; i++)
        sb_putc(rev, d[remaining - 1 - i]);
    for (int64_t i = 0; i < zeros; i++)
        sb_putc(rev, '0');
    return chars;
}

/* _PyUnicode_InsertThousandsGrouping() of n ASCII digits (group: 3 or 4,
 * 0 none), padded with zeros to min_width, separators included */
static void group_digits(strbuf_t *out, const char *d, int64_t n, int64_t min_width, int group, char sep)
{
    if (!group) { /* no grouping: zeros to min_width, then the digits */
        put_fill(out, '0', min_width - n);
        sb_putn(out, d, (size_t)n);
        return;
    }
    strbuf_t rev;
    sb_init(&rev);
    int64_t remaining = n;
    bool use_sep = false, broken = false;
    int seplen = sep ? 1 : 0;
    while (group > 0) {
        int64_t big = remaining > min_width ? remaining : min_width;
        int64_t l = group < (big > 1 ? big : 1) ? group : (big > 1 ? big : 1);
        remaining -= put_group(&rev, d, remaining, l, use_sep, sep);
        use_sep = true;
        min_width -= l;
        if (remaining <= 0 && min_width <= 0) {
            broken = true;
            break;
        }
        min_width -= seplen;
    }
    if (!broken) {
        int64_t big = remaining > min_width ? remaining : min_width;
        put_group(&rev, d, remaining, big > 1 ? big : 1, use_sep, sep);
    }
    for (size_t i = rev.len; i-- > 0;)
        sb_putc(out, rev.buf[i]);
    sb_free(&rev);
}

bool fmt_number(heap_t *h, const fmt_spec_t *f, const fmt_number_t *nm, strbuf_t *out)
{
    int group = 0;
    char sep = 0;
    switch (f->type == 'n' ? LT_CURRENT : f->thousands) {
    case LT_DEFAULT:
        group = 3;
        sep = ',';
        break;
    case LT_UNDERSCORE:
        group = 3;
        sep = '_';
        break;
    case LT_UNDER_FOUR:
        group = 4;
        sep = '_';
        break;
    default: break; /* the C locale of LC_NUMERIC: no grouping */
    }
    char sign = 0;
    if (f->sign == '+')
        sign = nm->sign_char == '-' ? '-' : '+';
    else if (f->sign == ' ')
        sign = nm->sign_char == '-' ? '-' : ' ';
    else if (nm->sign_char == '-')
        sign = '-';
    int64_t nprefix = (int64_t)strlen(nm->prefix);
    int64_t nrest = nm->nrest ? 1 : (int64_t)strlen(nm->rest); /* code points: a 'c' is one */
    int64_t non_digit = (sign ? 1 : 0) + nprefix + (nm->has_decimal ? 1 : 0) + nrest;
    int64_t min_width = f->fill == '0' && f->align == '=' ? f->width - non_digit : 0;
    /* (grouping adds a separator per 3 digits; a 'c' may be any code point) */
    if (!result_room(h, f, (size_t)(nm->ndigits + nm->ndigits / 3 + non_digit), nm->nrest ? 0x10FFFF : 0x7F))
        return false;
    /* grouping writes the digits and the width's zeros a byte at a time three times (put_group(),
     * the reversal, the copy): f'{1:080000000,}' took 2.2 s of CPU for the 0.8 s its text paid
     * (helper-56, 2026-12-04; test_limits zero_padded_grouping_spends_its_budget) */
    if (group && !heap_work(h, 2 * (min_width > nm->ndigits ? min_width : nm->ndigits)))
        return false;
    strbuf_t grouped;
    sb_init(&grouped);
    if (nm->ndigits)
        group_digits(&grouped, nm->digits, nm->ndigits, min_width, group, sep);
    int64_t body = non_digit + (int64_t)grouped.len, pad = f->width - body;
    int64_t lpad = 0, spad = 0, rpad = 0;
    if (pad > 0) {
        switch (f->align) {
        case '<': rpad = pad; break;
        case '^':
            lpad = pad / 2;
            rpad = pad - lpad;
            break;
        case '=': spad = pad; break;
        default: lpad = pad; break;
        }
    }
    strbuf_t *sb = out;
    put_fill(sb, f->fill, lpad);
    if (sign)
        sb_putc(sb, sign);
    for (int64_t i = 0; i < nprefix; i++)
        sb_putc(sb, nm->upper && nm->prefix[i] >= 'a' && nm->prefix[i] <= 'z' ? (char)(nm->prefix[i] - 32)
                                                                              : nm->prefix[i]);
    put_fill(sb, f->fill, spad);
    for (size_t i = 0; i < grouped.len; i++) {
        char c = grouped.buf[i];
        sb_putc(sb, nm->upper && c >= 'a' && c <= 'z' ? (char)(c - 32) : c);
    }
    sb_free(&grouped);
    if (nm->has_decimal)
        sb_putc(sb, '.');
    sb_putn(sb, nm->rest, nm->nrest ? nm->nrest : strlen(nm->rest));
    put_fill(sb, f->fill, rpad);
    return true;
}

/* A double's exact decimal expansion ends within 1,074 places after the
 * point and 767 significant digits: past EXACT_DIGITS of precision, C's
 * %.*e and %.*f only write zeros (glibc slowly, a digit at a time), so
 * they are written at EXACT_DIGITS and the zeros appended. */
#define EXACT_DIGITS 1100

static void printf_exact(strbuf_t *sb, char conv, bool alt, int precision, double v)
{
    char fmt[8], buf[EXACT_DIGITS + 400];
    snprintf(fmt, sizeof fmt, "%%%s.*%c", alt ? "#" : "", conv);
    int p = precision > EXACT_DIGITS ? EXACT_DIGITS : precision;
    int n = snprintf(buf, sizeof buf, fmt, p, v);
    char *x = conv == 'e' || conv == 'E' ? strchr(buf, conv) : NULL;
    size_t head = x ? (size_t)(x - buf) : (size_t)n;
    sb_putn(sb, buf, head);
    for (int i = p; i < precision; i++)
        sb_putc(sb, '0');
    sb_puts(sb, buf + head);
}

/* 'g' in fixed notation, decpt > 0: the digits, the point where it falls */
static void g_fixed(strbuf_t *sb, const char *digits, int nd, int decpt, bool alt, bool add_dot_0)
{
    for (int i = 0; i < decpt; i++)
        sb_putc(sb, i < nd ? digits[i] : '0');
    if (nd > decpt) {
        sb_putc(sb, '.');
        sb_putn(sb, digits + decpt, (size_t)(nd - decpt));
    } else if (add_dot_0) {
        sb_puts(sb, ".0");
    } else if (alt) {
        sb_putc(sb, '.');
    }
}

/* format_float_short()'s 'g' of finite v: p significant digits (its mode
 * 2, as C's %.*e rounds them), trailing zeros dropped unless alt, the
 * exponent from decpt <= -4 or decpt > p (p - 1 with Py_DTSF_ADD_DOT_0).
 * (glibc's %#g loses the zeros a rounding carry makes: 999.5 '#.3g'.) */
static void g_text(strbuf_t *sb, double v, int p, bool alt, bool add_dot_0, bool upper)
{
    strbuf_t es;
    sb_init(&es);
    printf_exact(&es, 'e', false, p - 1, v);
    char *e = es.buf, *x = strchr(e, 'e');
    size_t n = es.len;
    int decpt = atoi(x + 1) + 1;
    char *digits = malloc(n + 1);
    int nd = 0;
    for (const char *q = e; q < x; q++)
        if (*q >= '0' && *q <= '9')
            digits[nd++] = *q;
    sb_free(&es);
    if (!alt)
        while (nd > 1 && digits[nd - 1] == '0')
            nd--;
    if (nd == 1 && digits[0] == '0')
        decpt = 1; /* _Py_dg_dtoa's zero */
    if (v < 0 || (v == 0 && signbit(v)))
        sb_putc(sb, '-');
    if (decpt <= -4 || decpt > (add_dot_0 ? p - 1 : p)) {
        sb_putc(sb, digits[0]);
        if (nd > 1 || alt)
            sb_putc(sb, '.');
        sb_putn(sb, digits + 1, (size_t)(nd - 1));
        sb_printf(sb, "%c%+.02d", upper ? 'E' : 'e', decpt - 1);
    } else if (decpt <= 0) {
        sb_puts(sb, "0.");
        for (int i = decpt; i < 0; i++)
            sb_putc(sb, '0');
        sb_putn(sb, digits, (size_t)nd);
    } else {
        g_fixed(sb, digits, nd, decpt, alt, add_dot_0);
    }
    free(digits);
}

/* PyOS_double_to_string(v, type, precision, flags) for e, f, g (either
 * case) and 'r', with Py_DTSF_ALT, Py_DTSF_ADD_DOT_0 and Py_DTSF_NO_NEG_0 */
static char *double_text(double v, char type, int precision, bool alt, bool add_dot_0, bool no_neg_0,
                         void (*repr)(double, strbuf_t *))
{
    strbuf_t sb;
    sb_init(&sb);
    bool upper = type == 'E' || type == 'F' || type == 'G';
    if (isnan(v)) {
        sb_puts(&sb, upper ? "NAN" : "nan");
        return sb_take(&sb);
    }
    if (isinf(v)) {
        sb_puts(&sb, v < 0 ? (upper ? "-INF" : "-inf") : (upper ? "INF" : "inf"));
        return sb_take(&sb);
    }
    if (type == 'r') {
        repr(v, &sb);
        char *x = strchr(sb.buf, 'e');
        if (alt && x && !memchr(sb.buf, '.', (size_t)(x - sb.buf))) { /* '#': the point kept */
            size_t at = (size_t)(x - sb.buf);
            sb_putc(&sb, 0);
            memmove(sb.buf + at + 1, sb.buf + at, sb.len - at - 1);
            sb.buf[at] = '.';
        }
    } else if (type == 'g' || type == 'G') {
        g_text(&sb, v, precision ? precision : 1, alt, add_dot_0, upper);
    } else {
        printf_exact(&sb, type, alt, precision, v);
    }
    if (no_neg_0 && sb.buf[0] == '-') { /* a negative zero once rounded */
        bool zero = true;
        for (size_t i = 1; i < sb.len && sb.buf[i] != 'e' && sb.buf[i] != 'E'; i++)
            if (sb.buf[i] >= '1' && sb.buf[i] <= '9')
                zero = false;
        if (zero)
            memmove(sb.buf, sb.buf + 1, sb.len--);
    }
    return sb_take(&sb);
}

/* format_float_internal() */
bool fmt_double(heap_t *h, const fmt_spec_t *f, double v, void (*repr)(double, strbuf_t *), strbuf_t *out,
                char **tmp_text)
{
    *tmp_text = NULL;
    if (f->precision > 2147483647)
        return value_error(h, "precision too big", NULL, NULL);
    int precision = (int)f->precision, default_precision = 6;
    char type = (char)f->type;
    bool add_dot_0 = false, add_pct = false;
    if (type == 0) {
        add_dot_0 = true;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    if (type == '%') {
        type = 'f';
        v *= 100;
        add_pct = true;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    /* the text is about its precision long, or 310 digits for 'f' */
    if (!fmt_text_room(h, (size_t)precision + 320))
        return false;
    char *buf = double_text(v, type, precision, f->alternate, add_dot_0, f->no_neg_0, repr);
    strbuf_t t;
    sb_init(&t);
    sb_puts(&t, buf);
    free(buf);
    if (add_pct)
        sb_putc(&t, '%');
    /* past the fast path (the digits written as they are), unicode_tmp */
    if (f->sign == '+' || f->sign == ' ' || f->width != -1 || f->type == 'n' || f->thousands)
        *tmp_text = strdup(t.buf);
    fmt_number_t nm = {.prefix = ""};
    const char *p = t.buf;
    if (*p == '-') {
        nm.sign_char = '-';
        p++;
    }
    nm.digits = p;
    while (*p >= '0' && *p <= '9')
        p++;
    nm.ndigits = p - nm.digits;
    nm.has_decimal = *p == '.';
    nm.rest = p + nm.has_decimal;
    bool ok = fmt_number(h, f, &nm, out);
    sb_free(&t);
    if (!ok) {
        free(*tmp_text);
        *tmp_text = NULL;
    }
    return ok;
}

/* format_long_internal()'s checks before the digits */
bool fmt_long_check(heap_t *h, const fmt_spec_t *f)
{
    if (f->precision != -1)
        return value_error(h, "Precision not allowed in integer format specifier", NULL, NULL);
    if (f->no_neg_0)
        return value_error(h, "Negative zero coercion (z) not allowed in integer format specifier", NULL,
                           NULL);
    if (f->type == 'c' && f->sign)
        return value_error(h, "Sign not allowed with integer format specifier 'c'", NULL, NULL);
    if (f->type == 'c' && f->alternate)
        return value_error(h, "Alternate form (#) not allowed with integer format specifier 'c'", NULL, NULL);
    return true;
}
