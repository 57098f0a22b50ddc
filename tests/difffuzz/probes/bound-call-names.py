import sys as _s
P=print
def run(label, src):
    g={'__name__':'__main__','__builtins__':__builtins__}
    try:
        exec(src, g)
        P(label, 'OK')
    except Exception as e:
        P(label, type(e).__name__+':', e)
class Node: pass
CASES = [
 ("id=int", "id=5\na=object()\nid(a)"),
 ("len=str", "len='x'\na=[]\nlen(a)"),
 ("len=None", "len=None\na=[]\nlen(a)"),
 ("object=list", "object=[]\na=object()"),
 ("set=inst", "class N: pass\nset=N()\na=set()"),
 ("len=cls", "class Node: pass\nlen=Node\na=[]\nlen(a)"),
 ("len=cls_slots", "class Node:\n  __slots__=('x',)\nlen=Node\na=[]\nlen(a)"),
 ("frozenset=cls", "class Node: pass\nfrozenset=Node\na=frozenset({1})"),
 ("object=cls", "class Node: pass\nobject=Node\na=object()"),
 ("id=weakref", "import weakref\nclass Node: pass\nn=Node()\nid=weakref.ref(n)\nid(n)"),
 ("object=weakref", "import weakref\nclass Node: pass\nn=Node()\nobject=weakref.ref(n)\na=object()"),
 ("gc=int", "gc=5\ngc.collect()"),
 ("gc=None", "gc=None\ngc.collect()"),
 ("gc=inst", "class N: pass\ngc=N()\ngc.collect()"),
 ("gc=inst_attr", "class N: pass\ngc=N()\ngc.collect=5\ngc.collect()"),
 ("gc=cls", "class N: pass\ngc=N\ngc.collect()"),
 ("gc=cls_slots", "class N:\n  __slots__=('collect',)\ngc=N()\ngc.collect()"),
 ("sys=list", "sys=[]\na=[]\nsys.getrefcount(a)"),
 ("weakref=dict", "weakref={}\nclass N: pass\nn=N()\nr=weakref.ref(n)"),
 ("weakref=WVD", "import weakref as w\nweakref=w.WeakValueDictionary()\nd=weakref.WeakValueDictionary()"),
 ("len=undef_arg", "len=5\nlen(zz)"),
 ("id=undef_arg", "id=5\nid(zz)"),
]
for l,s in CASES: run(l,s)
