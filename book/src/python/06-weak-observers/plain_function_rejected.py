from seed_observable import Observable

prices = Observable()

def log_price(price):
    print(f"log {price}")

for name, callback in [("a plain function", log_price),
                       ("a lambda", lambda price: print(f"lambda {price}"))]:
    try:
        prices.add_observer("price", callback)
    except TypeError as error:
        print(f"{name}: TypeError: {error}")
