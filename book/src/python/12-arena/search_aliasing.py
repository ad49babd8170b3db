from ods import OptimizedDataStructure

words = ["to", "be", "or", "not", "to", "be"]
ds = OptimizedDataStructure(words)

found = ds.search("be")
found.append(99)                  # the caller's own list... or is it?
print("search('be') after the caller appended to its result:", ds.search("be"))

words.append("be")                # the data changes after the index was built
print("len(ds):", len(ds), " search('be'):", ds.search("be"))

try:
    OptimizedDataStructure([[1], [2]])
except TypeError as error:
    print("List[Any] of lists:", error)
