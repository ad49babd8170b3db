import gc
import sys
import sysconfig

# What the seed calls "Python" is this interpreter, in this build:
print("implementation:", sys.implementation.name, sys.version.split()[0])
print("free-threaded build:", bool(sysconfig.get_config_var("Py_GIL_DISABLED")))
print("generations:", len(gc.get_stats()), "thresholds:", gc.get_threshold())
