import sys

class Demo:
    def __del__(self):
        print("__del__ runs")

obj = Demo()
print("fresh:", sys.getrefcount(obj))
alias = obj
box = [obj, obj]
print("alias and two list slots:", sys.getrefcount(obj))
del alias
box.pop()
print("after del alias and one pop:", sys.getrefcount(obj))
box.clear()
print("after clear:", sys.getrefcount(obj))
del obj
print("end of the script")
