from seed_ttl import TTLCache

# Usage
cache = TTLCache(maxsize=100)
cache.set("user:1", {"name": "John"}, ttl=30)
user = cache.get("user:1")
print(user)  # {'name': 'John'}
