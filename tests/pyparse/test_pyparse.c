/*
 * test_pyparse.c — unit tests for api/pyparse.h: literal decoding, AST
 * shapes of the subset heapd runs, statement spans, "unsupported"
 * detection, byte-level inputs and limits. The golden corpus
 * (test_corpus.c) covers the errors; these cover the successful parses.
 *
 * Prints every failed check and, last, "N passed, N failed".
 */
#include "pyparse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int passed, failed;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond) {                                                                                          \
            passed++;                                                                                        \
        } else {                                                                                             \
            failed++;                                                                                        \
            fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__);                                    \
            fprintf(stderr, __VA_ARGS__);                                                                    \
            fputc('\n', stderr);                                                                             \
        }                                                                                                    \
    } while (0)

static const int versions[] = {310, 311, 312, 313};

/* Parses src as a str; the caller frees. */
static pyparse_result_t *parse(const char *src, int version)
{
    return pyparse(src, strlen(src), version, 0);
}

/* The value of statement i when it is "target = value". */
static const pyparse_expr_t *assigned(const pyparse_result_t *r, size_t i)
{
    if (r->status != PYPARSE_OK || i >= r->module.n || r->module.items[i]->kind != PYSTMT_ASSIGN)
        return NULL;
    return r->module.items[i]->v.assign.value;
}

static int is_const(const pyparse_expr_t *e, pyparse_const_kind_t k)
{
    return e && e->kind == PYEXPR_CONSTANT && e->v.constant.kind == k;
}

static int is_name(const pyparse_expr_t *e, const char *id)
{
    return e && e->kind == PYEXPR_NAME && strcmp(e->v.name.id, id) == 0;
}

/* ------------------------------------------------------------ literals */

static void test_ints(void)
{
    static const struct {
        const char *src, *digits;
    } cases[] = {
        {"x = 0", "0"},
        {"x = 000", "0"},
        {"x = 7", "7"},
        {"x = 1_000_000", "1000000"},
        {"x = 0xff", "255"},
        {"x = 0XFF_FF", "65535"},
        {"x = 0o17", "15"},
        {"x = 0b1010", "10"},
        {"x = 0x_1", "1"},
        {"x = 0xffffffffffffffffffffffffffffffff", "340282366920938463463374607431768211455"},
        {"x = 123456789012345678901234567890", "123456789012345678901234567890"},
        {"x = 0b"
         "1111111111111111111111111111111111111111111111111111111111111111",
         "18446744073709551615"},
    };
    for (size_t v = 0; v < 4; v++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            pyparse_result_t *r = parse(cases[i].src, versions[v]);
            const pyparse_expr_t *e = assigned(r, 0);
            CHECK(is_const(e, PYCONST_INT) && strcmp(e->v.constant.str, cases[i].digits) == 0, "%d %s -> %s",
                  versions[v], cases[i].src, e && e->v.constant.str ? e->v.constant.str : "?");
            pyparse_free(r);
        }
}

/* A base 2, 8 or 16 literal past 10**4300 (out of the subset) is not converted
 * to decimal: the conversion is quadratic, and a source of such literals
 * followed by a SyntaxError kept a worker for minutes (h35: 0x and 20,000
 * digits took 1 s a literal, per parse pass). Below, converted exactly. */
static void test_int_conversion_bound(void)
{
    size_t n = 20000;
    char *src = malloc(n + 8);
    memcpy(src, "x = 0x", 6);
    memset(src + 6, 'f', n);
    strcpy(src + 6 + n, "\n");
    pyparse_result_t *r = parse(src, 311);
    const pyparse_expr_t *e = assigned(r, 0);
    CHECK(is_const(e, PYCONST_INT) && e->v.constant.str[0] == 'x' && strlen(e->v.constant.str) == n + 1,
          "a 20,000-digit hex literal stays unconverted");
    pyparse_unsupported_t u = pyparse_first_unsupported(r);
    CHECK(u.construct && strcmp(u.construct, "an int literal of more than 4300 digits") == 0, "-> %s",
          u.construct ? u.construct : "-");
    pyparse_free(r);
    memset(src + 6, 'f', 3571); /* 16**3571 - 1: 4,300 decimal digits */
    strcpy(src + 6 + 3571, "\n");
    r = parse(src, 311);
    e = assigned(r, 0);
    CHECK(is_const(e, PYCONST_INT) && strlen(e->v.constant.str) == 4300 &&
              strncmp(e->v.constant.str, "8174441013209442250384965122", 28) == 0 &&
              strcmp(e->v.constant.str + 4300 - 8, "23010815") == 0,
          "16**3571 - 1 -> %.20s...", e ? e->v.constant.str : "?");
    pyparse_free(r);
    free(src);
}

static void test_floats(void)
{
    static const struct {
        const char *src;
        pyparse_const_kind_t kind;
        double d;
    } cases[] = {
        {"x = 1.5", PYCONST_FLOAT, 1.5},
        {"x = 1e10", PYCONST_FLOAT, 1e10},
        {"x = 1_0.5e-3", PYCONST_FLOAT, 0.0105},
        {"x = .5", PYCONST_FLOAT, 0.5},
        {"x = 5.", PYCONST_FLOAT, 5.0},
        {"x = 1E+2", PYCONST_FLOAT, 100.0},
        {"x = 1_000.000_1", PYCONST_FLOAT, 1000.0001},
        {"x = 2j", PYCONST_COMPLEX, 2.0},
        {"x = 1.5J", PYCONST_COMPLEX, 1.5},
        {"x = 1e400", PYCONST_FLOAT, HUGE_VAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pyparse_result_t *r = parse(cases[i].src, 312);
        const pyparse_expr_t *e = assigned(r, 0);
        CHECK(is_const(e, cases[i].kind) && e->v.constant.d == cases[i].d, "%s", cases[i].src);
        pyparse_free(r);
    }
}

static void test_strings(void)
{
    static const struct {
        const char *src;
        pyparse_const_kind_t kind;
        const char *bytes;
        size_t len;
    } cases[] = {
        {"x = 'a\\nb'", PYCONST_STR, "a\nb", 3},
        {"x = r'a\\n'", PYCONST_STR, "a\\n", 3},
        {"x = R'\\x'", PYCONST_STR, "\\x", 2},
        {"x = '\\x41\\101\\u00e9'", PYCONST_STR, "AA\xc3\xa9", 4},
        {"x = '\\U0001F600'", PYCONST_STR, "\xf0\x9f\x98\x80", 4},
        {"x = 'a\\0b'", PYCONST_STR, "a\0b", 3},
        {"x = 'a' \"b\" '''c'''", PYCONST_STR, "abc", 3},
        {"x = '''l1\nl2'''", PYCONST_STR, "l1\nl2", 5},
        {"x = 'a\\\nb'", PYCONST_STR, "ab", 2},
        {"x = u'\xc3\xa9t\xc3\xa9'", PYCONST_STR, "\xc3\xa9t\xc3\xa9", 5},
        {"x = '\\q'", PYCONST_STR, "\\q", 2},
        {"x = '\\t\\r\\f\\v\\a\\b\\'\\\"\\\\'", PYCONST_STR, "\t\r\f\v\a\b'\"\\", 9},
        {"x = b'\\xff\\x00' b'a'", PYCONST_BYTES, "\xff\0a", 3},
        {"x = rb'\\xff'", PYCONST_BYTES, "\\xff", 4},
        {"x = Br'\\n'", PYCONST_BYTES, "\\n", 2},
        {"x = b'\\u00e9'", PYCONST_BYTES, "\\u00e9", 6},
        {"x = ''", PYCONST_STR, "", 0},
        {"x = b''", PYCONST_BYTES, "", 0},
    };
    for (size_t v = 0; v < 4; v++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            pyparse_result_t *r = parse(cases[i].src, versions[v]);
            const pyparse_expr_t *e = assigned(r, 0);
            CHECK(is_const(e, cases[i].kind) && e->v.constant.len == cases[i].len &&
                      memcmp(e->v.constant.str, cases[i].bytes, cases[i].len) == 0,
                  "%d %s", versions[v], cases[i].src);
            pyparse_free(r);
        }
}

/* \N{...} needs the Unicode name database: the parse says it cannot tell. */
static void test_named_escape(void)
{
    pyparse_result_t *r = parse("x = '\\N{BULLET}'", 312);
    CHECK(r->status == PYPARSE_UNSUPPORTED && strstr(r->error.msg, "\\N"), "\\N{} is unsupported");
    pyparse_free(r);
}

static void test_constants(void)
{
    pyparse_result_t *r = parse("a = None\nb = True\nc = False\nd = ...\n", 311);
    CHECK(is_const(assigned(r, 0), PYCONST_NONE), "None");
    CHECK(is_const(assigned(r, 1), PYCONST_TRUE), "True");
    CHECK(is_const(assigned(r, 2), PYCONST_FALSE), "False");
    CHECK(is_const(assigned(r, 3), PYCONST_ELLIPSIS), "...");
    pyparse_free(r);
}

/* ---------------------------------------------------------- AST shapes */

static void test_assignments(void)
{
    pyparse_result_t *r = parse("a = b = [1, 2]\n"
                                "a, b = b, a\n"
                                "a.b[0]['k'].next = None\n"
                                "L += [x]\n"
                                "del a, b.c, d[0]\n",
                                312);
    CHECK(r->status == PYPARSE_OK && r->module.n == 5, "five statements");
    if (r->status != PYPARSE_OK || r->module.n != 5) {
        pyparse_free(r);
        return;
    }
    const pyparse_stmt_t *s = r->module.items[0];
    CHECK(s->kind == PYSTMT_ASSIGN && s->v.assign.targets.n == 2, "chained targets");
    CHECK(is_name(s->v.assign.targets.items[0], "a") && is_name(s->v.assign.targets.items[1], "b"), "a, b");
    CHECK(s->v.assign.targets.items[0]->v.name.ctx == PYCTX_STORE, "Store context");
    const pyparse_expr_t *l = s->v.assign.value;
    CHECK(l->kind == PYEXPR_LIST && l->v.list.elts.n == 2 && is_const(l->v.list.elts.items[1], PYCONST_INT) &&
              strcmp(l->v.list.elts.items[1]->v.constant.str, "2") == 0,
          "[1, 2]");

    s = r->module.items[1];
    const pyparse_expr_t *t = s->v.assign.targets.items[0];
    CHECK(t->kind == PYEXPR_TUPLE && t->v.tuple.ctx == PYCTX_STORE && t->v.tuple.elts.n == 2 &&
              t->v.tuple.elts.items[0]->v.name.ctx == PYCTX_STORE,
          "tuple target");
    CHECK(s->v.assign.value->kind == PYEXPR_TUPLE && s->v.assign.value->v.tuple.ctx == PYCTX_LOAD,
          "tuple value");

    /* a.b[0]['k'].next: Attribute(Subscript(Subscript(Attribute(a, b), 0), 'k'), next) */
    t = r->module.items[2]->v.assign.targets.items[0];
    CHECK(t->kind == PYEXPR_ATTRIBUTE && strcmp(t->v.attribute.attr, "next") == 0 &&
              t->v.attribute.ctx == PYCTX_STORE,
          ".next");
    const pyparse_expr_t *k = t->v.attribute.value;
    CHECK(k->kind == PYEXPR_SUBSCRIPT && is_const(k->v.subscript.slice, PYCONST_STR) &&
              k->v.subscript.ctx == PYCTX_LOAD,
          "['k']");
    const pyparse_expr_t *z = k->v.subscript.value;
    CHECK(z->kind == PYEXPR_SUBSCRIPT && is_const(z->v.subscript.slice, PYCONST_INT), "[0]");
    CHECK(z->v.subscript.value->kind == PYEXPR_ATTRIBUTE &&
              is_name(z->v.subscript.value->v.attribute.value, "a"),
          "a.b");

    s = r->module.items[3];
    CHECK(s->kind == PYSTMT_AUGASSIGN && s->v.augassign.op == PYOP_ADD &&
              is_name(s->v.augassign.target, "L") && s->v.augassign.value->kind == PYEXPR_LIST,
          "L += [x]");

    s = r->module.items[4];
    CHECK(s->kind == PYSTMT_DELETE && s->v.delete_.targets.n == 3 &&
              s->v.delete_.targets.items[0]->v.name.ctx == PYCTX_DEL &&
              s->v.delete_.targets.items[1]->v.attribute.ctx == PYCTX_DEL &&
              s->v.delete_.targets.items[2]->v.subscript.ctx == PYCTX_DEL,
          "del targets");
    pyparse_free(r);
}

static void test_imports_and_defs(void)
{
    const char *src = "import gc, sys\n"
                      "import weakref as w, os.path\n"
                      "from x.y import a as b, c\n"
                      "class Node(object, metaclass=M):\n"
                      "    \"\"\"doc\"\"\"\n"
                      "    __slots__ = ('next', '__weakref__')\n"
                      "    def __del__(self):\n"
                      "        _resurrected.append(self)\n"
                      "def cb(wr):\n"
                      "    print('dead', wr)\n";
    for (size_t v = 0; v < 4; v++) {
        pyparse_result_t *r = parse(src, versions[v]);
        CHECK(r->status == PYPARSE_OK && r->module.n == 5, "%d: five statements", versions[v]);
        if (r->status != PYPARSE_OK || r->module.n != 5) {
            pyparse_free(r);
            continue;
        }
        const pyparse_stmt_t *s = r->module.items[0];
        CHECK(s->kind == PYSTMT_IMPORT && s->v.import.n == 2 &&
                  strcmp(s->v.import.names[1]->name, "sys") == 0,
              "import gc, sys");
        s = r->module.items[1];
        CHECK(strcmp(s->v.import.names[0]->asname, "w") == 0 &&
                  strcmp(s->v.import.names[1]->name, "os.path") == 0,
              "import as / dotted");
        s = r->module.items[2];
        CHECK(s->kind == PYSTMT_IMPORTFROM && strcmp(s->v.import.module, "x.y") == 0 &&
                  s->v.import.level == 0 && strcmp(s->v.import.names[0]->asname, "b") == 0,
              "from import");
        s = r->module.items[3];
        CHECK(s->kind == PYSTMT_CLASSDEF && strcmp(s->v.classdef.name, "Node") == 0 &&
                  s->v.classdef.bases.n == 1 && s->v.classdef.n_keywords == 1 &&
                  strcmp(s->v.classdef.keywords[0]->arg, "metaclass") == 0 && s->v.classdef.body.n == 3,
              "class");
        const pyparse_stmt_t *doc = s->v.classdef.body.items[0];
        CHECK(doc->kind == PYSTMT_EXPR && is_const(doc->v.expr.value, PYCONST_STR), "docstring");
        const pyparse_stmt_t *del = s->v.classdef.body.items[2];
        CHECK(del->kind == PYSTMT_FUNCTIONDEF && strcmp(del->v.functiondef.name, "__del__") == 0 &&
                  del->v.functiondef.args->n_args == 1 &&
                  strcmp(del->v.functiondef.args->args[0]->arg, "self") == 0,
              "def __del__(self)");
        const pyparse_expr_t *call = del->v.functiondef.body.items[0]->v.expr.value;
        CHECK(call->kind == PYEXPR_CALL && call->v.call.func->kind == PYEXPR_ATTRIBUTE &&
                  strcmp(call->v.call.func->v.attribute.attr, "append") == 0 && call->v.call.args.n == 1,
              "_resurrected.append(self)");
        pyparse_unsupported_t u = pyparse_first_unsupported(r);
        CHECK(u.construct == NULL, "%d: all supported (got %s)", versions[v], u.construct ? u.construct : "");
        pyparse_free(r);
    }
}

static void test_expressions(void)
{
    pyparse_result_t *r = parse("print(a is b, a is not b, a == b, a != b, a in s, a not in s)\n"
                                "w = weakref.ref(x, cb)\n"
                                "f = frozenset({1, 2})\n"
                                "d = {'a': 1, 2: [3]}\n"
                                "n = -5\n"
                                "p = 2 ** 100\n"
                                "t = (1, 2) + (3,)\n"
                                "m = 'a' * 100\n"
                                "e = ()\n"
                                "g = f(*a, k=1, **kw)\n"
                                "b = not x and y or z\n",
                                313);
    CHECK(r->status == PYPARSE_OK && r->module.n == 11, "eleven statements");
    if (r->status != PYPARSE_OK || r->module.n != 11) {
        pyparse_free(r);
        return;
    }
    const pyparse_expr_t *c = r->module.items[0]->v.expr.value;
    static const pyparse_cmpop_t ops[] = {PYCMP_IS,    PYCMP_ISNOT, PYCMP_EQ,
                                          PYCMP_NOTEQ, PYCMP_IN,    PYCMP_NOTIN};
    CHECK(c->kind == PYEXPR_CALL && is_name(c->v.call.func, "print") && c->v.call.args.n == 6, "print(...)");
    for (size_t i = 0; i < 6 && c->kind == PYEXPR_CALL && c->v.call.args.n == 6; i++) {
        const pyparse_expr_t *cmp = c->v.call.args.items[i];
        CHECK(cmp->kind == PYEXPR_COMPARE && cmp->v.compare.n == 1 && cmp->v.compare.ops[0] == ops[i],
              "cmpop %zu", i);
    }
    const pyparse_expr_t *e = assigned(r, 1);
    CHECK(e->kind == PYEXPR_CALL && e->v.call.func->kind == PYEXPR_ATTRIBUTE && e->v.call.args.n == 2,
          "weakref.ref");
    e = assigned(r, 2);
    CHECK(e->kind == PYEXPR_CALL && e->v.call.args.items[0]->kind == PYEXPR_SET &&
              e->v.call.args.items[0]->v.set.elts.n == 2,
          "frozenset({1, 2})");
    e = assigned(r, 3);
    CHECK(e->kind == PYEXPR_DICT && e->v.dict.keys.n == 2 && is_const(e->v.dict.keys.items[0], PYCONST_STR) &&
              e->v.dict.values.items[1]->kind == PYEXPR_LIST,
          "dict display");
    e = assigned(r, 4);
    CHECK(e->kind == PYEXPR_UNARYOP && e->v.unaryop.op == PYUOP_USUB &&
              is_const(e->v.unaryop.operand, PYCONST_INT),
          "-5 is UnaryOp(USub, 5)");
    e = assigned(r, 5);
    CHECK(e->kind == PYEXPR_BINOP && e->v.binop.op == PYOP_POW &&
              strcmp(e->v.binop.right->v.constant.str, "100") == 0,
          "2 ** 100");
    e = assigned(r, 6);
    CHECK(e->kind == PYEXPR_BINOP && e->v.binop.op == PYOP_ADD && e->v.binop.right->kind == PYEXPR_TUPLE &&
              e->v.binop.right->v.tuple.elts.n == 1,
          "(1, 2) + (3,)");
    e = assigned(r, 7);
    CHECK(e->kind == PYEXPR_BINOP && e->v.binop.op == PYOP_MULT && is_const(e->v.binop.left, PYCONST_STR),
          "'a' * 100");
    e = assigned(r, 8);
    CHECK(e->kind == PYEXPR_TUPLE && e->v.tuple.elts.n == 0, "()");
    e = assigned(r, 9);
    CHECK(e->kind == PYEXPR_CALL && e->v.call.args.n == 1 &&
              e->v.call.args.items[0]->kind == PYEXPR_STARRED && e->v.call.n_keywords == 2 &&
              strcmp(e->v.call.keywords[0]->arg, "k") == 0 && e->v.call.keywords[1]->arg == NULL,
          "f(*a, k=1, **kw)");
    e = assigned(r, 10);
    CHECK(e->kind == PYEXPR_BOOLOP && e->v.boolop.op == PYBOOL_OR &&
              e->v.boolop.values.items[0]->kind == PYEXPR_BOOLOP,
          "not x and y or z");
    pyparse_free(r);
}

/* ------------------------------------------------------ spans and lines */

static void test_spans(void)
{
    const char *src = "x = 1  # comment\n"
                      "a = (1,\n"
                      "     2)\n"
                      "b = 2; c = 3\n"
                      "class C:\n"
                      "    pass\n"
                      "\n"
                      "print(x)";
    static const char *want[] = {"x = 1", "a = (1,\n     2)",   "b = 2",
                                 "c = 3", "class C:\n    pass", "print(x)"};
    static const int lines[][2] = {{1, 1}, {2, 3}, {4, 4}, {4, 4}, {5, 6}, {8, 8}};
    pyparse_result_t *r = parse(src, 311);
    CHECK(r->status == PYPARSE_OK && r->module.n == 6, "six statements");
    for (size_t i = 0; r->status == PYPARSE_OK && i < r->module.n && i < 6; i++) {
        const pyparse_stmt_t *s = r->module.items[i];
        size_t n = s->src_end - s->src_start;
        CHECK(n == strlen(want[i]) && memcmp(r->source + s->src_start, want[i], n) == 0, "span %zu: '%.*s'",
              i, (int)n, r->source + s->src_start);
        CHECK(s->lineno == lines[i][0] && s->end_lineno == lines[i][1], "lines of %zu", i);
    }
    pyparse_free(r);

    /* \r\n is translated; spans index the translated text */
    r = parse("a = 1\r\nb = 2\r\n", 312);
    CHECK(r->status == PYPARSE_OK && r->module.n == 2 && r->module.items[1]->lineno == 2 &&
              memcmp(r->source + r->module.items[1]->src_start, "b = 2", 5) == 0,
          "CRLF");
    pyparse_free(r);
}

/* ---------------------------------------------------- unsupported names */

static void test_unsupported(void)
{
    static const struct {
        const char *src, *construct;
        int lineno;
    } cases[] = {
        {"x = 1\nfor i in y:\n    pass\n", "For", 2},
        {"while x:\n    pass\n", "While", 1},
        {"if x:\n    pass\n", "If", 1},
        {"with x:\n    pass\n", "With", 1},
        {"try:\n    pass\nexcept E:\n    pass\n", "Try", 1},
        {"x = lambda: 1\n", "Lambda", 1},
        {"x = [i for i in y]\n", "ListComp", 1},
        {"x = f'{a} {[i for i in y]}'\n", "ListComp", 1}, /* inside an f-string's field */
        {"@d\ndef f():\n    pass\n", "decorator", 2},
        {"x = a if b else c\n", "IfExp", 1},
        {"global x\n", "Global", 1},
        {"return\n", NULL, 0}, /* an error, not a parse */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pyparse_result_t *r = parse(cases[i].src, 312);
        if (!cases[i].construct) {
            CHECK(r->status == PYPARSE_ERROR, "%s is an error", cases[i].src);
        } else {
            pyparse_unsupported_t u = pyparse_first_unsupported(r);
            CHECK(r->status == PYPARSE_OK && u.construct && strcmp(u.construct, cases[i].construct) == 0 &&
                      u.lineno == cases[i].lineno,
                  "%s -> %s (got %s line %d)", cases[i].src, cases[i].construct,
                  u.construct ? u.construct : "-", u.lineno);
        }
        pyparse_free(r);
    }
}

/* --------------------------------------------------- errors and limits */

typedef struct {
    const char *type, *msg;
    int lineno, offset, end_lineno, end_offset;
} want_t;

static void check_error(const pyparse_result_t *r, const want_t *w, const char *what, int version)
{
    CHECK(r->status == PYPARSE_ERROR && strcmp(r->error.type, w->type) == 0 &&
              strcmp(r->error.msg, w->msg) == 0 && r->error.lineno == w->lineno &&
              r->error.offset == w->offset && r->error.end_lineno == w->end_lineno &&
              r->error.end_offset == w->end_offset,
          "%s (%d): got %s: %s (%d, %d, %d, %d)", what, version,
          r->status == PYPARSE_OK ? "valid" : r->error.type, r->status == PYPARSE_OK ? "" : r->error.msg,
          r->error.lineno, r->error.offset, r->error.end_lineno, r->error.end_offset);
}

#define NONE PYPARSE_NONE

static void test_errors(void)
{
    static const char *bytes_msg = "bytes can only contain ASCII literal characters";
    static const char *x4 =
        "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape";
    static const char *nul = "source code string cannot contain null bytes";
    static const char *utf8 =
        "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte";
    const want_t bytes_w[] = {{"SyntaxError", bytes_msg, 1, 9, 1, 9},
                              {"SyntaxError", bytes_msg, 1, 5, 1, 9},
                              {"SyntaxError", bytes_msg, 1, 5, 1, 9},
                              {"SyntaxError", bytes_msg, 1, 5, 1, 9}};
    const want_t x4_w[] = {{"SyntaxError", x4, 1, 10, 1, 10},
                           {"SyntaxError", x4, 1, 10, 1, 10},
                           {"SyntaxError", x4, 1, 5, 1, 10},
                           {"SyntaxError", x4, 1, 5, 1, 10}};
    const want_t nul_w[] = {{"ValueError", nul, NONE, NONE, NONE, NONE},
                            {"SyntaxError", nul, NONE, NONE, NONE, NONE},
                            {"SyntaxError", nul, NONE, NONE, NONE, NONE},
                            {"SyntaxError", nul, NONE, NONE, NONE, NONE}};
    const want_t utf8_w[] = {{"SyntaxError", utf8, 1, 8, 1, 8},
                             {"SyntaxError", utf8, 1, 8, 1, 8},
                             {"SyntaxError", utf8, 1, 5, 1, 8},
                             {"SyntaxError", utf8, 1, 5, 1, 6}};
    const want_t dec = {"SyntaxError", "invalid decimal literal", 1, 5, 1, 5};
    const want_t par = {"SyntaxError", "too many nested parentheses", 1, 201, 1, 201};
    for (size_t v = 0; v < 4; v++) {
        int ver = versions[v];
        pyparse_result_t *r = parse("x = b'\xc3\xa9'", ver);
        check_error(r, &bytes_w[v], "non-ASCII bytes literal", ver);
        pyparse_free(r);
        r = parse("x = '\\x4'", ver);
        check_error(r, &x4_w[v], "truncated \\x", ver);
        pyparse_free(r);
        r = pyparse("x = 'a\0b'", 9, ver, 0);
        check_error(r, &nul_w[v], "NUL byte", ver);
        pyparse_free(r);
        r = pyparse("x = '\xff'\n", 8, ver, PYPARSE_BYTES);
        check_error(r, &utf8_w[v], "invalid UTF-8", ver);
        pyparse_free(r);
        r = parse("x = 1a", ver);
        check_error(r, &dec, "1a", ver);
        pyparse_free(r);

        /* 200 nested brackets parse; the 201st is the tokenizer's error */
        char buf[1024];
        memset(buf, '(', 200);
        memset(buf + 200, ')', 200);
        buf[400] = '\0';
        r = parse(buf, ver);
        CHECK(r->status == PYPARSE_OK, "%d: 200 nested parentheses", ver);
        pyparse_free(r);
        memset(buf, '(', 201);
        memset(buf + 201, ')', 201);
        buf[402] = '\0';
        r = parse(buf, ver);
        check_error(r, &par, "201 nested parentheses", ver);
        pyparse_free(r);
    }
}

/* Deep nesting ends in CPython's MemoryError (parser stack) or
   RecursionError (AST optimizer), never in a crash. */
static void test_depth_limits(void)
{
    size_t n = 100000;
    char *src = malloc(n + 16);
    memcpy(src, "x = ", 4);
    memset(src + 4, '-', n);
    strcpy(src + 4 + n, "1");
    for (size_t v = 0; v < 4; v++) {
        pyparse_result_t *r = parse(src, versions[v]);
        CHECK(r->status == PYPARSE_ERROR && strcmp(r->error.type, "MemoryError") == 0 &&
                  strcmp(r->error.msg, versions[v] >= 312
                                           ? "Parser stack overflowed - Python source too complex to parse"
                                           : "") == 0,
              "%d: deep unary chain", versions[v]);
        pyparse_free(r);
    }
    free(src);

    /* x = a.a.a...: no parser recursion, but the AST optimizer's limit */
    size_t k = 5000;
    src = malloc(5 + 2 * k + 1);
    strcpy(src, "x = a");
    for (size_t i = 0; i < k; i++)
        memcpy(src + 5 + 2 * i, ".a", 2);
    src[5 + 2 * k] = '\0';
    for (size_t v = 0; v < 4; v++) {
        pyparse_result_t *r = parse(src, versions[v]);
        if (versions[v] >= 313)
            CHECK(r->status == PYPARSE_OK, "3.13: 5000 attributes");
        else
            CHECK(r->status == PYPARSE_ERROR && strcmp(r->error.type, "RecursionError") == 0 &&
                      strcmp(r->error.msg, "maximum recursion depth exceeded during compilation") == 0,
                  "%d: 5000 attributes", versions[v]);
        pyparse_free(r);
    }
    free(src);
}

static void test_big_input(void)
{
    size_t cap = (size_t)1 << 20, len = 0;
    char *src = malloc(cap + 64);
    for (int i = 0; len < cap - 64; i++)
        len += (size_t)snprintf(src + len, 64, "v%d = [%d, 'a', None]; v%d.append(v%d)\n", i, i, i, i / 2);
    clock_t t0 = clock();
    pyparse_result_t *r = pyparse(src, len, 312, 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(r->status == PYPARSE_OK && r->module.n > 40000, "1 MB source parses");
    CHECK(secs < 30.0, "1 MB source in %.2f s", secs);
    pyparse_free(r);
    free(src);
}

/* pyparse_bounded(): past its memory the outcome is PYPARSE_LIMIT, whatever
 * the source would have given; under it, what pyparse() gives, with the cost. */
static void test_bounded(void)
{
    size_t len = (size_t)1 << 20;
    char *src = malloc(len + 1);
    memcpy(src, "x = ", 4);
    for (size_t i = 4; i < len; i += 2)
        memcpy(src + i, "1+", 2);
    src[len - 1] = '1';
    pyparse_result_t *r = pyparse_bounded(src, len, 311, 0, (size_t)16 << 20);
    CHECK(r->status == PYPARSE_LIMIT && r->module.n == 0, "1 MB of 1+1+...: over 16 MB of parser memory");
    /* the fast path's attempt and the two-pass parse each get the bound */
    CHECK(r->cost <= (size_t)32 << 20, "the cost stays under twice the bound (%zu)", r->cost);
    pyparse_free(r);
    free(src);
    r = pyparse_bounded("a = [1, 2]\nb = a\n", 17, 313, 0, (size_t)16 << 20);
    CHECK(r->status == PYPARSE_OK && r->module.n == 2 && r->cost > 0 && r->cost < ((size_t)1 << 20),
          "a small source parses within the bound (cost %zu)", r->cost);
    pyparse_free(r);
    r = pyparse_bounded("a = (\n", 6, 312, 0, (size_t)16 << 20);
    CHECK(r->status == PYPARSE_ERROR && !strcmp(r->error.msg, "'(' was never closed"), "errors as pyparse()");
    pyparse_free(r);
}

static void test_misc(void)
{
    pyparse_result_t *r = pyparse("", 0, 312, 0);
    CHECK(r->status == PYPARSE_OK && r->module.n == 0, "empty source");
    pyparse_free(r);
    r = pyparse("x = 1", 5, 309, 0);
    CHECK(r->status == PYPARSE_UNSUPPORTED, "unknown version");
    pyparse_free(r);
    /* a BOM and a coding cookie apply to bytes */
    r = pyparse("\xef\xbb\xbfx = 1\n", 9, 310, PYPARSE_BYTES);
    CHECK(r->status == PYPARSE_OK && r->module.n == 1, "UTF-8 BOM");
    pyparse_free(r);
    r = pyparse("# coding: latin-1\nx = '\xe9'\n", 26, 311, PYPARSE_BYTES);
    const pyparse_expr_t *e = assigned(r, 0);
    CHECK(is_const(e, PYCONST_STR) && e->v.constant.len == 2 && memcmp(e->v.constant.str, "\xc3\xa9", 2) == 0,
          "latin-1 cookie");
    pyparse_free(r);
    CHECK(strcmp(pyparse_stmt_kind_name(PYSTMT_ASSIGN), "Assign") == 0, "kind names");
    CHECK(strcmp(pyparse_expr_kind_name(PYEXPR_SUBSCRIPT), "Subscript") == 0, "kind names");
}

/* Nested displays cost parser memory in proportion to their text: the fast
 * path's set display once parsed its first item twice (as a dict's key,
 * then as the set's first item), 2^depth work for sets in sets (0.7 s of a
 * request for `x = {{{...b...}}}` 18 deep). */
static void test_nesting_is_linear(void)
{
    const char *wraps[][2] = {{"{", "}"}, {"[", "]"}, {"(", ",)"}, {"{1: ", "}"}, {"f(", ")"}, {"{", ", 1}"}};
    for (size_t w = 0; w < sizeof wraps / sizeof wraps[0]; w++) {
        size_t cost[2];
        for (int d = 0; d < 2; d++) {
            int depth = d ? 40 : 20;
            char src[1024] = "x = ";
            for (int i = 0; i < depth; i++)
                strcat(src, wraps[w][0]);
            strcat(src, "b");
            for (int i = 0; i < depth; i++)
                strcat(src, wraps[w][1]);
            strcat(src, "\n");
            pyparse_result_t *r = parse(src, 311);
            CHECK(r->status == PYPARSE_OK, "%s...: status %d", wraps[w][0], r->status);
            cost[d] = r->cost;
            pyparse_free(r);
        }
        /* a few of the parser's 64 KiB blocks (the old fast path: 302 MB at 20 deep) */
        CHECK(cost[0] <= 4 << 16 && cost[1] <= 4 << 16, "%sb%s nested 20 deep: %zu bytes, 40 deep: %zu",
              wraps[w][0], wraps[w][1], cost[0], cost[1]);
    }
}

int main(void)
{
    test_ints();
    test_int_conversion_bound();
    test_floats();
    test_strings();
    test_named_escape();
    test_constants();
    test_assignments();
    test_imports_and_defs();
    test_expressions();
    test_spans();
    test_unsupported();
    test_errors();
    test_depth_limits();
    test_big_input();
    test_bounded();
    test_misc();
    test_nesting_is_linear();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
