from ods import OptimizedDataStructure

words = ["to", "be", "or", "not", "to", "be"]
ds = OptimizedDataStructure(words)
print("search('be'):", ds.search("be"), " search('question'):", ds.search("question"), " len:", len(ds))
