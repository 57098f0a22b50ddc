def run(label, src):
    g={'__name__':'__main__'}
    try:
        exec(src, g); print(label,'OK')
    except Exception as e:
        print(label, type(e).__name__+':', e)
run("weakref=int,undef_arg", "weakref=5\nweakref.ref(zz)")
run("gc=int,collect", "gc=5\ngc.collect(zz)")
run("len=cls_del", "class Node:\n  def __del__(s): print(' del')\nlen=Node\na=[]\nlen(a)")
run("len=cls_init_del", "class Node:\n  def __init__(s): pass\n  def __del__(s): print(' del')\nlen=Node\na=[]\nlen(a)")
run("object=cls_del", "class Node:\n  def __del__(s): print(' del')\nobject=Node\na=object()\nprint(' bound', type(a).__name__)")
run("frozenset=int_order", "class N:\n  def __del__(s): print(' del')\nfrozenset=5\na=frozenset({N()})")
run("set=wr_dead", "import weakref\nclass N: pass\nn=N()\nset=weakref.ref(n)\ndel n\na=set()\nprint(' a=',a)")
