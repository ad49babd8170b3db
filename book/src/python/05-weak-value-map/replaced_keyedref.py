import weakref
class V: pass
a = V(); b = V()
c = weakref.WeakValueDictionary()
c['k'] = a
print(weakref.getweakrefcount(a))
c['k'] = b
print(weakref.getweakrefcount(a))
