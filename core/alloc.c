/*
 * alloc.c — where simulated objects live: their ids, their memory blocks,
 * the free lists, and the statement's temporary references.
 *
 * Ids behave like CPython addresses: 16-byte aligned, blocks of up to 512
 * bytes come from pymalloc's pools (Objects/obmalloc.c), larger ones from
 * the system's malloc, the block of a freed object going back to its size
 * class, last freed first. GC objects sit after their PyGC_Head, instances
 * of 3.11 classes after their managed-dict pre-header as well, so ids are
 * block + 16 or + 32.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "heap_internal.h"
#include "mem.h"

#define HEAP_BASE 0x7f3a00000000ULL
#define STATIC_BASE 0x55d400000000ULL

/* Size classes of blocks under this many bytes sit in a table indexed by
 * size / 16; larger ones in a sorted array of the sizes freed: a table
 * indexed by the size of one 100 MB str took 150 MB of the server's memory,
 * that the session was not billed for. */
#define FREE_DENSE_BYTES 16384

/* pymalloc's largest request (SMALL_REQUEST_THRESHOLD); past it, and at
 * 0 bytes, _PyObject_Malloc() hands over to PyMem_RawMalloc() */
#define SMALL_REQUEST 512

static bool stack_push(heap_t *h, addr_stack_t *s, uint64_t a)
{
    if (s->len == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        uint64_t *p = xrealloc(s->addrs, cap * sizeof *p);
        if (!p)
            return false;
        h->free_addr_bytes += (cap - s->cap) * sizeof *p;
        s->addrs = p;
        s->cap = cap;
    }
    s->addrs[s->len++] = a;
    return true;
}

void addr_stack_free(addr_stack_t *s)
{
    free(s->addrs);
    memset(s, 0, sizeof *s);
}

/* The free blocks of this size; NULL when none was freed and !make. */
static addr_stack_t *size_class(heap_t *h, size_t block, bool make)
{
    size_t idx = block / 16;
    if (block >= FREE_DENSE_BYTES) {
        size_t lo = 0, hi = h->nfree_large;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (h->free_large[mid].block < block)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < h->nfree_large && h->free_large[lo].block == block)
            return &h->free_large[lo].s;
        if (!make)
            return NULL;
        if (h->nfree_large == h->capfree_large) {
            size_t cap = h->capfree_large ? h->capfree_large * 2 : 8;
            h->free_large = xrealloc(h->free_large, cap * sizeof *h->free_large);
            h->free_addr_bytes += (cap - h->capfree_large) * sizeof *h->free_large;
            h->capfree_large = cap;
        }
        memmove(h->free_large + lo + 1, h->free_large + lo, (h->nfree_large - lo) * sizeof *h->free_large);
        h->nfree_large++;
        h->free_large[lo].block = block;
        memset(&h->free_large[lo].s, 0, sizeof h->free_large[lo].s);
        return &h->free_large[lo].s;
    }
    if (idx >= h->nfree_classes) {
        if (!make)
            return NULL;
        size_t n = idx + 1 > h->nfree_classes * 2 ? idx + 1 : h->nfree_classes * 2;
        if (n > FREE_DENSE_BYTES / 16)
            n = FREE_DENSE_BYTES / 16;
        addr_stack_t *p = xrealloc(h->free_blocks, n * sizeof *p);
        if (!p)
            return NULL;
        memset(p + h->nfree_classes, 0, (n - h->nfree_classes) * sizeof *p);
        h->free_addr_bytes += (n - h->nfree_classes) * sizeof *p;
        h->free_blocks = p;
        h->nfree_classes = n;
    }
    return &h->free_blocks[idx];
}

uint64_t heap_base_address(uint64_t seed)
{
    return HEAP_BASE + (seed % 4093) * 0x40000000ULL;
}

/* pymalloc (Objects/obmalloc.c, 3.10 to 3.13 on x86-64): pools of 16 KiB
 * (POOL_BITS 14), their header 48 bytes, blocks of 16 to 512 bytes by
 * class. Pool number n lies at pool_base + n * POOL_SIZE; the numbers
 * under POOL_REGIONS are the start-up free lists' regions
 * (heap_startup_region()), the session's pools follow. */
#define POOL_SIZE 16384
#define POOL_OVERHEAD 48
#define POOL_REGIONS 32
#define POOL_MAX 60000 /* pool numbers + 1 fit 16 bits */
/* the pools lie in the 1 GiB below the heap's base (the system's blocks above) */
#define POOL_REGION_BYTES 0x40000000ULL

/* The session's pymalloc state, made on first use */
static struct pymalloc *pm(heap_t *h)
{
    if (!h->pm)
        h->pm = xcalloc(1, sizeof *h->pm);
    return h->pm;
}

addr_stack_t *heap_float_free(heap_t *h)
{
    return &pm(h)->float_free;
}

addr_stack_t *heap_float_arena(heap_t *h, bool make)
{
    return h->pm || make ? &pm(h)->float_arena : NULL;
}

static uint64_t pool_base(const heap_t *h)
{
    return heap_base_address(h->seed) - POOL_REGION_BYTES;
}

static unsigned pool_cap(unsigned cls)
{
    return (POOL_SIZE - POOL_OVERHEAD) / (cls * 16);
}

static uint64_t pool_addr(const heap_t *h, uint32_t n)
{
    return pool_base(h) + (uint64_t)n * POOL_SIZE;
}

/* pool number n's header, NULL if not made yet (a region's) */
static struct pool *pool_get(heap_t *h, uint32_t n)
{
    struct pymalloc *m = pm(h);
    if (n >= POOL_REGIONS)
        return &m->pools[n - POOL_REGIONS];
    for (uint32_t i = 0; i < m->nrpools; i++)
        if (m->rpool_region[i] == n)
            return &m->rpools[i];
    return NULL;
}

/* a region's pool header, made (zeroed) */
static struct pool *region_pool_make(heap_t *h, uint32_t n)
{
    struct pymalloc *m = pm(h);
    if (m->nrpools == m->caprpools) {
        uint32_t cap = m->caprpools ? m->caprpools * 2 : 4;
        m->rpools = xrealloc(m->rpools, cap * sizeof *m->rpools);
        m->rpool_region = xrealloc(m->rpool_region, cap);
        h->free_addr_bytes += (cap - m->caprpools) * (sizeof *m->rpools + 1);
        m->caprpools = cap;
    }
    m->rpool_region[m->nrpools] = (uint8_t)n;
    struct pool *p = &m->rpools[m->nrpools++];
    memset(p, 0, sizeof *p);
    return p;
}

/* a new session pool's number (its header zeroed) */
static uint32_t pool_new_number(heap_t *h)
{
    struct pymalloc *m = pm(h);
    if (m->npools >= POOL_MAX)
        heap_panic(h, "out of pools");
    if (m->npools == m->cappools) {
        uint32_t cap = m->cappools ? m->cappools * 2 : 4;
        m->pools = xrealloc(m->pools, cap * sizeof *m->pools);
        h->free_addr_bytes += (cap - m->cappools) * sizeof *m->pools;
        m->cappools = cap;
    }
    memset(&m->pools[m->npools], 0, sizeof m->pools[m->npools]);
    return POOL_REGIONS + m->npools++;
}

/* the pool's place in usedpools[cls]: the front (insert_to_usedpool()) or the back */
static void used_link(heap_t *h, uint32_t n, bool front)
{
    struct pymalloc *m = pm(h);
    struct pool *p = pool_get(h, n);
    uint16_t *head = &m->used_head[p->cls];
    p->used = 1;
    uint16_t ref = (uint16_t)(n + 1);
    if (!*head) {
        p->next = p->prev = ref;
        *head = ref;
        return;
    }
    struct pool *first = pool_get(h, *head - 1u);
    uint16_t last = first->prev;
    p->next = *head;
    p->prev = last;
    pool_get(h, last - 1u)->next = ref;
    first->prev = ref;
    if (front)
        *head = ref;
}

static void used_unlink(heap_t *h, uint32_t n)
{
    struct pymalloc *m = pm(h);
    struct pool *p = pool_get(h, n);
    uint16_t *head = &m->used_head[p->cls];
    p->used = 0;
    if (p->next == n + 1) {
        *head = 0;
    } else {
        pool_get(h, p->prev - 1)->next = p->next;
        pool_get(h, p->next - 1)->prev = p->prev;
        if (*head == n + 1)
            *head = p->next;
    }
    p->next = p->prev = 0;
}

/* A pool of class cls with `avail` blocks it never handed out (none freed) */
static struct pool *pool_init(heap_t *h, uint32_t n, unsigned cls, unsigned avail)
{
    struct pool *p = pool_get(h, n);
    if (!p)
        p = region_pool_make(h, n);
    p->cls = (uint8_t)cls;
    p->count = (uint16_t)(pool_cap(cls) - avail);
    p->next_fresh = p->count;
    return p;
}

/* What the interpreter's start-up left in usedpools[cls] (profile
 * startup_pools), made once the session first touches the class: pools
 * whose blocks are the interpreter's but for the measured number left,
 * the head first. (The blocks the file's compilation takes and frees
 * before its first statement are not followed: measured for a one-line
 * file.) */
static void pool_class_make(heap_t *h, unsigned cls)
{
    struct pymalloc *m = pm(h);
    m->classes_started |= 1u << (cls - 1);
    const unsigned short *avail = h->prof->startup_pools[cls - 1];
    for (int k = 0; k < 4 && avail[k]; k++) {
        uint32_t n = pool_new_number(h);
        if (!k)
            m->startup_first[cls] = (uint16_t)n;
        pool_init(h, n, cls, avail[k]);
        used_link(h, n, false);
    }
}

/* pool_class_make() once per class (every allocation asks) */
static inline void pool_class_start(heap_t *h, unsigned cls)
{
    if (!(pm(h)->classes_started & (1u << (cls - 1))))
        pool_class_make(h, cls);
}

/* pymalloc_alloc(): the first pool of usedpools[class], its last freed
 * block, else its next never used; a pool it fills leaves usedpools; with
 * none, allocate_from_new_pool() takes the last emptied pool (its free
 * list as it was when it last held this class), else a new one */
static uint64_t pool_alloc(heap_t *h, unsigned cls)
{
    pool_class_start(h, cls);
    struct pymalloc *m = h->pm;
    uint32_t n;
    if (m->used_head[cls]) {
        n = m->used_head[cls] - 1;
    } else if (m->free_pools) {
        n = m->free_pools - 1;
        struct pool *p = pool_get(h, n);
        m->free_pools = p->next;
        p->next = 0;
        if (p->cls != cls) {
            p->cls = (uint8_t)cls;
            p->nfree = 0;
            p->next_fresh = 0;
        }
        used_link(h, n, true);
    } else {
        n = pool_new_number(h);
        pool_init(h, n, cls, pool_cap(cls));
        used_link(h, n, true);
    }
    struct pool *p = pool_get(h, n);
    unsigned i = p->nfree ? p->free[--p->nfree] : p->next_fresh++;
    p->count++;
    if (!p->nfree && p->next_fresh == pool_cap(cls))
        used_unlink(h, n);
    return pool_addr(h, n) + POOL_OVERHEAD + (uint64_t)i * cls * 16;
}

/* pymalloc_free(): the block onto its pool's free list; a pool that was
 * full goes to the front of usedpools (insert_to_usedpool()), one left
 * empty to freepools (insert_to_freepool()) */
static void pool_free(heap_t *h, unsigned cls, uint64_t addr)
{
    struct pymalloc *m = pm(h);
    HEAPD_ASSERT(addr >= pool_base(h));
    uint32_t n = (uint32_t)((addr - pool_base(h)) / POOL_SIZE);
    struct pool *p = pool_get(h, n);
    if (!p) /* a start-up free list's region: a full pool */
        p = pool_init(h, n, cls, 0);
    HEAPD_ASSERT(p->cls == cls && p->count > 0);
    if (p->nfree == p->capfree) {
        unsigned cap = p->capfree ? p->capfree * 2u : 4u;
        p->free = xrealloc(p->free, cap * sizeof *p->free);
        h->free_addr_bytes += (cap - p->capfree) * sizeof *p->free;
        p->capfree = (uint16_t)cap;
    }
    p->free[p->nfree++] = (uint16_t)((addr - pool_addr(h, n) - POOL_OVERHEAD) / (cls * 16));
    bool was_full = !p->used;
    p->count--;
    if (was_full) {
        used_link(h, n, true);
    } else if (!p->count) {
        used_unlink(h, n);
        p->next = m->free_pools;
        m->free_pools = (uint16_t)(n + 1);
    }
}

/* The address of a new block of this size: pymalloc's, or a freed one of
 * its size from the system's, or fresh. */
static uint64_t block_alloc(heap_t *h, size_t block)
{
    if (block <= SMALL_REQUEST)
        return pool_alloc(h, (unsigned)(block / 16));
    addr_stack_t *s = size_class(h, block, false);
    if (s && s->len)
        return s->addrs[--s->len];
    uint64_t a = h->next_addr;
    h->next_addr += block;
    return a;
}

void heap_free_pools(heap_t *h)
{
    struct pymalloc *m = h->pm;
    if (!m)
        return;
    for (uint32_t i = 0; i < m->npools; i++)
        free(m->pools[i].free);
    for (uint32_t i = 0; i < m->nrpools; i++)
        free(m->rpools[i].free);
    free(m->pools);
    free(m->rpools);
    free(m->rpool_region);
    free(m->slots);
    addr_stack_free(&m->float_free);
    addr_stack_free(&m->float_arena);
    free(m);
    h->pm = NULL;
}

/* Bytes of o's block before its id (the type's preheader slot). */
static size_t preheader(const heap_t *h, const obj_t *o)
{
    if (TYPE(o)->preheader)
        return (size_t)TYPE(o)->preheader(h, o);
    return (TYPE(o)->flags & TF_GC) ? 16 : 0;
}

/* A zeroed object struct from the heap's pages, its index set. */
static obj_t *struct_alloc(heap_t *h)
{
    obj_t *o;
    if (h->slab_free != OBJ_NIL) {
        o = heap_obj_at(h, h->slab_free);
        h->slab_free = o->gc_next;
    } else {
        if (!h->slab_npages || h->slab_used == h->slab_cap) {
            /* half of what the pages hold so far: a small heap wastes little */
            size_t cap = h->slab_total / 2;
            cap = !h->slab_total            ? SLAB_PAGE_FIRST
                  : cap < SLAB_PAGE_MIN     ? SLAB_PAGE_MIN
                  : cap > SLAB_PAGE_OBJECTS ? SLAB_PAGE_OBJECTS
                                            : cap;
            if (h->slab_npages == h->slab_cappages) {
                if (h->slab_npages == OBJ_HEAD_BIT >> SLAB_PAGE_SHIFT)
                    heap_panic(h, "out of object indices");
                /* the first page's pointer is the heap's own (an idle
                 * session has one page), then a table of 4, doubled */
                uint32_t n = !h->slab_cappages ? 1 : h->slab_cappages == 1 ? 4 : h->slab_cappages * 2;
                obj_t **table = n == 1 ? &h->slab_page0 : xmalloc(n * sizeof *table);
                if (h->slab_npages)
                    memcpy(table, h->slab_pages, h->slab_npages * sizeof *table);
                if (h->slab_pages != &h->slab_page0)
                    free(h->slab_pages);
                h->slab_pages = table;
                h->slab_cappages = n;
            }
            h->slab_pages[h->slab_npages++] = xmalloc(cap * sizeof(obj_t));
            h->slab_used = 0;
            h->slab_cap = cap;
            h->slab_total += cap;
        }
        uint32_t i = ((h->slab_npages - 1) << SLAB_PAGE_SHIFT) | (uint32_t)h->slab_used++;
        o = heap_obj_at(h, i);
        o->index = i;
    }
    uint32_t i = o->index;
    memset(o, 0, sizeof *o);
    o->index = i;
    o->gc_next = o->gc_prev = OBJ_NIL;
    return o;
}

static void struct_free(heap_t *h, obj_t *o)
{
    o->gc_next = h->slab_free;
    h->slab_free = o->index;
}

obj_t **heap_shared(heap_t *h, size_t i)
{
    HEAPD_ASSERT(i < SHARED_COUNT);
    size_t k = i / SHARED_CHUNK;
    if (k >= h->nshared) {
        h->shared = xrealloc(h->shared, (k + 1) * sizeof *h->shared);
        memset(h->shared + h->nshared, 0, (k + 1 - h->nshared) * sizeof *h->shared);
        h->nshared = k + 1;
    }
    if (!h->shared[k])
        h->shared[k] = xcalloc(SHARED_CHUNK, sizeof **h->shared);
    return &h->shared[k][i % SHARED_CHUNK];
}

void heap_free_shared(heap_t *h)
{
    for (size_t k = 0; k < h->nshared; k++)
        free(h->shared[k]);
    free(h->shared);
    h->shared = NULL;
    h->nshared = 0;
}

void heap_free_slabs(heap_t *h)
{
    for (uint32_t i = 0; i < h->slab_npages; i++)
        free(h->slab_pages[i]);
    if (h->slab_pages != &h->slab_page0)
        free(h->slab_pages);
    h->slab_pages = NULL;
    h->slab_npages = h->slab_cappages = 0;
}

/* pymalloc's block for an object of `basic` bytes (16-byte size classes) */
static size_t block_of(size_t basic)
{
    return (basic + 15) & ~(size_t)15;
}

/* The bytes before the id of an object of the kind: its GC head, if any */
static size_t gc_head_of(kind_t kind)
{
    return (type_table[kind]->flags & TF_GC) ? 16 : 0;
}

/* PyObject_GC_Del() / PyObject_Free(): the block starting at `start` back
 * to pymalloc, and a GC object's allocation off count[0] */
static void block_free(heap_t *h, size_t block, uint64_t start, bool gc)
{
    if (block <= SMALL_REQUEST) {
        pool_free(h, (unsigned)(block / 16), start);
    } else {
        addr_stack_t *s = size_class(h, block, true);
        if (s)
            stack_push(h, s, start);
    }
    if (gc)
        gc_on_free(h);
}

#define MEM_CLASS_SHIFT 56

uint64_t heap_mem_start(uint64_t mem)
{
    return mem == MEM_SYSTEM ? 0 : mem & ((1ULL << MEM_CLASS_SHIFT) - 1);
}

size_t heap_mem_size(uint64_t mem)
{
    return (size_t)(mem >> MEM_CLASS_SHIFT) * 16;
}

/* _PyObject_Malloc() (PyMem_Malloc(), PyMem_Calloc()) */
uint64_t heap_mem_alloc(heap_t *h, size_t nbytes)
{
    if (nbytes == 0 || nbytes > SMALL_REQUEST)
        return MEM_SYSTEM;
    size_t block = block_of(nbytes);
    uint64_t start = block_alloc(h, block);
    HEAPD_ASSERT(start < 1ULL << MEM_CLASS_SHIFT && start % 16 == 0);
    return start | (uint64_t)(block / 16) << MEM_CLASS_SHIFT;
}

/* _PyObject_Free(): a pymalloc block back to its class, last freed first */
void heap_mem_free(heap_t *h, uint64_t mem)
{
    if (heap_mem_size(mem))
        block_free(h, heap_mem_size(mem), heap_mem_start(mem), false);
}

/* heap_mem_free() of *mem, which then names no memory (as obj_clear() drops a reference) */
void heap_mem_clear(heap_t *h, uint64_t *mem)
{
    heap_mem_free(h, *mem);
    *mem = MEM_NONE;
}

/* _PyObject_Realloc(): NULL is a malloc, the system's memory stays the
 * system's; pymalloc_realloc() keeps a block it shrinks by at most a
 * quarter, else takes a new one (of the system past 512 bytes or at 0)
 * before it frees the old */
uint64_t heap_mem_realloc(heap_t *h, uint64_t mem, size_t nbytes)
{
    if (mem == MEM_NONE)
        return heap_mem_alloc(h, nbytes);
    if (mem == MEM_SYSTEM)
        return MEM_SYSTEM;
    size_t size = heap_mem_size(mem);
    if (nbytes <= size && 4 * nbytes > 3 * size)
        return mem;
    uint64_t fresh = heap_mem_alloc(h, nbytes);
    heap_mem_free(h, mem);
    return fresh;
}

/* A new object whose id lies `pre` bytes into a fresh block of `basic`
 * bytes, or at reuse_addr (a type free list's id). A GC object's fresh
 * block is counted once it is taken, as _PyObject_GC_Link() (3.11) and
 * _PyObject_GC_Alloc() (3.10) count it after PyObject_Malloc(): an
 * automatic collection that allocation starts cannot give the new object
 * a block it frees. An object off a free list is not counted. */
static obj_t *new_object(heap_t *h, kind_t kind, size_t basic, size_t pre, uint64_t reuse_addr)
{
    size_t block = block_of(basic);
    HEAPD_ASSERT(pre < block || reuse_addr);
    bool gc = type_table[kind]->flags & TF_GC;
    uint64_t addr = reuse_addr ? reuse_addr : block_alloc(h, block) + pre;
    if (gc && !reuse_addr)
        gc_on_alloc(h);
    obj_t *o = struct_alloc(h);
    o->kind = (uint8_t)kind;
    o->refcnt = 1;
    o->size_class = (uint32_t)block;
    o->addr = addr;
    if (gc)
        o->flags |= OF_GC;
    if (!addrmap_put(&h->by_addr, o))
        heap_panic(h, "id %#llx handed out twice", (unsigned long long)o->addr);
    h->live_objects++;
    return o;
}

obj_t *heap_new_object_at(heap_t *h, kind_t kind, size_t basic, uint64_t reuse_addr)
{
    return new_object(h, kind, basic, gc_head_of(kind), reuse_addr);
}

obj_t *heap_new_object(heap_t *h, kind_t kind, size_t basic)
{
    return heap_new_object_at(h, kind, basic, 0);
}

obj_t *heap_new_object_preheader(heap_t *h, kind_t kind, size_t basic, size_t preheader)
{
    return new_object(h, kind, basic, preheader, 0);
}

/* Returns the object's memory: to a type free list if offered, else pymalloc. */
void heap_release_object(heap_t *h, obj_t *o, const freelist_t *fl)
{
    addrmap_del(&h->by_addr, o->addr);
    h->live_objects--;
    h->live_bytes -= (size_t)o->cur_size;
    if (fl && fl->s && fl->s->len + (size_t)*fl->startup < fl->cap) {
        stack_push(h, fl->s, o->addr);
    } else {
        block_free(h, o->size_class, o->addr - preheader(h, o), o->flags & OF_GC);
    }
    struct_free(h, o);
}

/* The start-up entries of a free list (profile.h startup_*) are a count,
 * below whatever the session pushes: the i-th one's id lies i blocks into
 * the list's own region below the session's heap, and the highest is
 * handed out first, as pushed last. (Kept as a count, a session's empty
 * free lists cost it no memory.) */
#define STARTUP_REGION_BYTES (POOL_SIZE - POOL_OVERHEAD)

uint64_t heap_startup_region(const heap_t *h, unsigned region)
{
    HEAPD_ASSERT(region < POOL_REGIONS);
    return pool_addr(h, region) + POOL_OVERHEAD;
}

/* A start-up free-list entry's block in the interpreter's pools: rank r
 * ('0' to '9') is usedpools[cls]'s start-up pool of that rank (profile
 * startup_pools), whose blocks below those it has left are the
 * interpreter's; a letter is a pool that was full, the same for every free
 * list of the class naming it (made full, outside usedpools, on first use).
 * Each free list reserves there as many blocks as its ranks name that
 * pool, and its entries take them bottom first. 0: no such pool (or no
 * room): the list's own region. */
static uint64_t startup_pool_block(heap_t *h, const freelist_t *fl, unsigned cls, unsigned i)
{
    struct pymalloc *m = pm(h);
    const char *ranks = fl->startup_pools;
    char c = ranks[i];
    unsigned region = (unsigned)((fl->startup_base - pool_base(h)) / POOL_SIZE);
    pool_class_start(h, cls);
    uint32_t n = 0;
    unsigned interp = pool_cap(cls); /* the blocks the interpreter holds in it */
    bool found = false;
    if (c >= '0' && c <= '9') {
        unsigned r = (unsigned)(c - '0');
        const unsigned short *avail = h->prof->startup_pools[cls - 1];
        if (r >= 4 || !avail[r])
            return 0;
        for (unsigned k = 0; k < r; k++)
            if (!avail[k])
                return 0;
        n = m->startup_first[cls] + r;
        interp -= avail[r];
        found = true;
    } else {
        for (uint32_t k = 0; k < m->nslots && !found; k++) {
            struct startup_slot *s = &m->slots[k];
            if (s->rank == c && pool_get(h, s->pool)->cls == cls) {
                n = s->pool;
                found = true;
            }
        }
    }
    struct startup_slot *slot = NULL;
    unsigned end = 0; /* the blocks the pool's start-up entries reserved */
    for (uint32_t k = 0; found && k < m->nslots; k++) {
        struct startup_slot *s = &m->slots[k];
        if (s->pool != n)
            continue;
        if (s->region == region)
            slot = s;
        if ((unsigned)s->offset + s->nblocks > end)
            end = (unsigned)s->offset + s->nblocks;
    }
    if (!slot) {
        unsigned want = 0;
        for (const char *q = ranks; *q; q++)
            want += *q == c;
        if (end + want > interp)
            return 0;
        if (!found) {
            n = pool_new_number(h);
            pool_init(h, n, cls, 0);
        }
        if (m->nslots == m->capslots) {
            uint32_t cap = m->capslots ? m->capslots * 2 : 8;
            m->slots = xrealloc(m->slots, cap * sizeof *m->slots);
            h->free_addr_bytes += (cap - m->capslots) * sizeof *m->slots;
            m->capslots = cap;
        }
        slot = &m->slots[m->nslots++];
        *slot = (struct startup_slot){(uint16_t)n, (uint16_t)end, (uint16_t)want, (uint8_t)region, c};
    }
    unsigned below = 0;
    for (unsigned j = 0; j < i; j++)
        below += ranks[j] == c;
    return pool_addr(h, n) + POOL_OVERHEAD + (uint64_t)(slot->offset + below) * cls * 16;
}

/* The i-th entry (from the bottom) lies in the pool its rank names
 * (fl->startup_pools, startup_pool_block()), else i blocks into the list's
 * own region, a full pool */
static uint64_t startup_take(heap_t *h, const freelist_t *fl)
{
    size_t block = block_of(fl->basic);
    unsigned i = --*fl->startup;
    HEAPD_ASSERT((i + 1) * block <= STARTUP_REGION_BYTES);
    char rank = fl->startup_pools && i < strlen(fl->startup_pools) ? fl->startup_pools[i] : 'F';
    if (((rank >= '0' && rank <= '9') || (rank >= 'a' && rank <= 'z')) && block <= SMALL_REQUEST) {
        uint64_t a = startup_pool_block(h, fl, (unsigned)(block / 16), i);
        if (a)
            return a + gc_head_of(fl->kind);
    }
    return fl->startup_base + (uint64_t)i * block + gc_head_of(fl->kind);
}

uint64_t heap_freelist_pop(heap_t *h, const freelist_t *fl)
{
    if (fl->s && fl->s->len)
        return fl->s->addrs[--fl->s->len];
    return *fl->startup ? startup_take(h, fl) : 0;
}

void heap_freelist_push(heap_t *h, const freelist_t *fl, uint64_t addr)
{
    if (fl->s->len + (size_t)*fl->startup < fl->cap)
        stack_push(h, fl->s, addr);
    else
        block_free(h, block_of(fl->basic), addr - gc_head_of(fl->kind), gc_head_of(fl->kind) != 0);
}

uint64_t heap_block_take(heap_t *h, size_t basic)
{
    return block_alloc(h, block_of(basic));
}

/* an arena entry: the block's address, and above PARSE_BLOCK_SHIFT an int's
 * block size / 16 (0: a float's, whose size the profile gives) */
#define PARSE_BLOCK_SHIFT 48

void heap_parse_block_float(heap_t *h, uint64_t addr)
{
    addr_stack_push(h, heap_float_arena(h, true), addr);
}

void heap_parse_block_int(heap_t *h, size_t basic)
{
    size_t block = block_of(basic);
    uint64_t a = block_alloc(h, block);
    addr_stack_push(h, heap_float_arena(h, true), a | (uint64_t)(block / 16) << PARSE_BLOCK_SHIFT);
}

void heap_parse_blocks_free(heap_t *h, void (*float_free)(heap_t *h, uint64_t addr))
{
    addr_stack_t *arena = heap_float_arena(h, false);
    while (arena && arena->len) {
        uint64_t e = arena->addrs[--arena->len], a = e & (((uint64_t)1 << PARSE_BLOCK_SHIFT) - 1);
        if (e >> PARSE_BLOCK_SHIFT)
            block_free(h, (size_t)(e >> PARSE_BLOCK_SHIFT) * 16, a, false);
        else
            float_free(h, a);
    }
}

bool addr_stack_push(heap_t *h, addr_stack_t *s, uint64_t a)
{
    return stack_push(h, s, a);
}

void heap_drain_freelist(heap_t *h, const freelist_t *fl)
{
    size_t pre = gc_head_of(fl->kind);
    uint64_t a;
    while ((a = heap_freelist_pop(h, fl)))
        block_free(h, block_of(fl->basic), a - pre, pre != 0);
}

uint64_t heap_static_page(uint64_t seed)
{
    return 0x55d400000000ULL + (seed % 4093) * 0x100000ULL;
}

/* The library class kind's basic ref (weakref_new_subclass_entry()) has its
 * place in the static page's first 4 KiB, below heap_new()'s statics, from
 * start-up on: made only when the session first reaches the class (an
 * empty session pays for none), at the address it would have had */
uint64_t heap_subclass_ref_addr(const heap_t *h, int kind)
{
    return heap_static_page(h->seed) + 0x800 + (uint64_t)kind * 64;
}

obj_t *heap_lib_subclass_ref(const heap_t *h, int kind)
{
    obj_t *c = h->lib_class[kind];
    obj_t *wr = c ? *obj_weaklist(c) : NULL;
    HEAPD_ASSERT(!c || (wr && (wr->flags & OF_STATIC) && wr->kind == K_WEAKREF));
    return wr;
}

obj_t *heap_new_static(heap_t *h, kind_t kind, int64_t refcnt, unsigned align_offset)
{
    obj_t *o = struct_alloc(h);
    o->kind = (uint8_t)kind;
    o->refcnt = h->prof->immortal ? IMMORTAL_REFCNT_VALUE : refcnt;
    o->flags = OF_STATIC | (h->prof->immortal ? OF_IMMORTAL : 0);
    o->addr = h->next_static_addr + align_offset;
    h->next_static_addr += 64;
    addrmap_put(&h->by_addr, o);
    return o;
}

obj_t *heap_new_kept(heap_t *h, kind_t kind, size_t basic)
{
    obj_t *o = heap_new_object(h, kind, basic);
    h->live_objects--;
    o->flags |= OF_STATIC;
    o->refcnt = h->prof->static_refcnt_base;
    return o;
}

obj_t *heap_interp_made(heap_t *h, obj_t *o)
{
    if (o->refcnt != 1 || (o->flags & (OF_STATIC | OF_HIDDEN)))
        return o;
    o->flags |= OF_HIDDEN;
    h->live_objects--;
    h->live_bytes -= (size_t)o->cur_size;
    return o;
}

void heap_interp_drop(heap_t *h, obj_t *o)
{
    if (!(o->flags & OF_HIDDEN)) {
        obj_decref(h, o);
        return;
    }
    if (o->kind == K_LIST)
        while (o->u.seq.len) {
            obj_t *item = o->u.seq.items[--o->u.seq.len];
            if (item)
                obj_decref(h, item);
        }
    o->flags &= (uint16_t)~OF_HIDDEN;
    h->live_objects++;
    h->live_bytes += (size_t)o->cur_size;
    h->quiet_events++;
    obj_decref(h, o);
    h->quiet_events--;
}

void heap_interp_release(heap_t *h, obj_t *o)
{
    if ((o->flags & OF_HIDDEN) && o->refcnt > 1) {
        o->refcnt--; /* another of the interpreter's references keeps it: still its own */
        return;
    }
    heap_interp_drop(h, o);
}

void heap_push_temp(heap_t *h, obj_t *o)
{
    h->temps = xgrow(h->temps, h->ntemps, &h->captemps, sizeof *h->temps, 8);
    h->temps[h->ntemps++] = o;
}

void heap_arena_hold(heap_t *h, obj_t *o)
{
    h->arena = xgrow(h->arena, h->narena, &h->caparena, sizeof *h->arena, 16);
    h->arena[h->narena++] = o;
}

void heap_arena_free(heap_t *h)
{
    while (h->narena) /* list_dealloc() of the arena's a_objects: the last item first */
        obj_decref(h, h->arena[--h->narena]);
}

/* Drops the temporaries above `to`, newest first (as a frame's stack unwinds). */
void heap_pop_temps(heap_t *h, size_t to)
{
    while (h->ntemps > to)
        obj_decref(h, h->temps[--h->ntemps]);
}

/* A call's arguments, the temporaries above `to`, released once it returned:
 * 3.10's call_function() pops them the last first, 3.11+'s CALL decrefs
 * them the first first (`for (i = 0; i < total_args; i++)`) */
void heap_pop_args(heap_t *h, size_t to)
{
    if (h->prof->call_args_last_first) {
        heap_pop_temps(h, to);
        return;
    }
    size_t n = h->ntemps;
    /* (a finalizer running within may push and pop above n, never below) */
    for (size_t i = to; i < n; i++) {
        obj_t *o = h->temps[i];
        h->temps[i] = NULL;
        obj_decref(h, o);
    }
    h->ntemps = to;
}

const char *heap_keep_type_name(heap_t *h, const char *name)
{
    const char *kept = strmap_key(&h->type_names, name);
    if (!kept) {
        strmap_set(&h->type_names, name, NULL);
        kept = strmap_key(&h->type_names, name);
    }
    return kept;
}

/* The type name an event keeps (a literal, or one the heap keeps). */
static const char *event_type_name(heap_t *h, const obj_t *o)
{
    return TYPE(o)->event_name ? TYPE(o)->event_name(h, o) : obj_type_name(o);
}

void heap_emit(heap_t *h, event_kind_t kind, const obj_t *o, const obj_t *extra)
{
    if (h->quiet_events)
        return;
    event_t *e = event_log_append(&h->events);
    e->kind = kind;
    if (o) {
        e->id = o->addr;
        e->type = event_type_name(h, o);
    }
    if (extra)
        e->target = extra->addr;
}

void heap_emit_printed(heap_t *h, const char *written, size_t len)
{
    heap_emit(h, EV_PRINT, NULL, NULL);
    event_set_text(&h->events, (event_t *)event_log_get(&h->events, h->events.next_seq - 1),
                   written ? written : "", len);
}

void heap_print_flush(heap_t *h)
{
    strbuf_t *sb = h->print_text;
    if (!sb || !sb->len)
        return;
    heap_emit_printed(h, sb->buf, sb->len);
    sb->len = 0;
}

/* 3.12+: o becomes immortal — shared with the interpreter from now on, so no
 * longer counted among the session's objects, and it never dies. */
void heap_make_immortal(heap_t *h, obj_t *o)
{
    if (o->flags & OF_IMMORTAL)
        return;
    if (!(o->flags & OF_STATIC)) {
        h->live_objects--;
        h->live_bytes -= (size_t)o->cur_size;
        h->immortal_objects++;
        h->immortal_bytes += (size_t)o->cur_size; /* getsizeof covers its text */
        if (o->flags & OF_TRACKED)
            h->gc.tracked_bytes -= o->cur_size;
        o->cur_size = 0;
    }
    o->flags |= OF_STATIC | OF_IMMORTAL;
    o->refcnt = IMMORTAL_REFCNT_VALUE;
}

/* Keeps live_bytes equal to the sum of getsizeof after o changed size. */
void heap_account_size(heap_t *h, obj_t *o)
{
    if (o->flags & OF_STATIC)
        return; /* the interpreter's own objects are not the session's bytes */
    int64_t now = obj_size(h, o);
    if (!(o->flags & OF_HIDDEN)) /* the interpreter's (textio.c's pending list) */
        h->live_bytes += (size_t)(now - o->cur_size);
    if (o->flags & OF_TRACKED)
        h->gc.tracked_bytes += now - o->cur_size;
    o->cur_size = (int32_t)now;
}

/* The quotas refuse a statement that could cross one before it runs
 * (exec.c check_quotas()); an insertion's growth is only known once it
 * resizes, so the heap keeps the largest growth any of its containers
 * could still make: a high-water mark, never lowered. */
void heap_account_growable(heap_t *h, obj_t *o, unsigned num, unsigned den)
{
    heap_account_size(h, o);
    size_t grow = (size_t)o->cur_size * num / den + 64;
    if (grow > h->grow_reserve)
        h->grow_reserve = grow;
}

/* heap_internal.h; check_quotas() in exec.c asks it for a whole statement */
bool heap_quota_room(heap_t *h, size_t objects, size_t bytes)
{
    if (h->limits.max_objects && h->live_objects + objects > h->limits.max_objects)
        return exc_set(h->exc, ST_LIMIT, "objects",
                       "the session holds %zu live objects; its limit is %zu, and this statement could make "
                       "up to %zu more",
                       h->live_objects, h->limits.max_objects, objects),
               false;
    if (h->limits.max_bytes && h->live_bytes + bytes > h->limits.max_bytes)
        return exc_set(
                   h->exc, ST_LIMIT, "bytes",
                   "the session holds %zu bytes; its limit is %zu, and this statement could add up to %zu "
                   "more",
                   h->live_bytes, h->limits.max_bytes, bytes),
               false;
    return true;
}
