import contextlib
import importlib
import io

# ANCHOR: seed
for module in ("seed_refcount", "seed_gc", "seed_memory"):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        importlib.import_module(module)          # runs the whole listing
    print(f"{module}: the listing printed {len(printed.getvalue())} characters")
# ANCHOR_END: seed
