import ast

# ANCHOR: seed
for module in ("seed_refcount", "seed_gc", "seed_memory", "seed_profiler", "seed_callbacks"):
    tree = ast.parse(open(module + ".py").read())
    imported = {alias.asname or alias.name.split(".")[0]
                for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names}
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    print(f"{module}: imported and never used: {sorted(imported - used) or 'none'}")
# ANCHOR_END: seed
