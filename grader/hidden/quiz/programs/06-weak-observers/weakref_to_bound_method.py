import weakref

class Display:
    def on_price(self, price):
        print("shows", price)

screen = Display()
plain = weakref.ref(screen.on_price, lambda r: print("plain ref died"))
print("plain ref alive:", plain() is not None)
method = weakref.WeakMethod(screen.on_price, lambda r: print("WeakMethod died"))
print("WeakMethod alive:", method() is not None)
method()(100)
del screen
print("end")
