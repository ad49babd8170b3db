from seed_observable import Observable
prices = Observable()
prices.add_observer("price", lambda price: print(price))
