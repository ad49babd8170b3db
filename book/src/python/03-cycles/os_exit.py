import os
from seed import create_circular_reference
create_circular_reference()
print("returned; leaving with os._exit(0)", flush=True)
os._exit(0)
