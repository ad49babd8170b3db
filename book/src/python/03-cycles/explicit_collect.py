import gc
from seed import create_circular_reference
print("calling create_circular_reference()")
create_circular_reference()
print("returned; calling gc.collect()")
print("gc.collect() returned", gc.collect())
print("end of the script")
