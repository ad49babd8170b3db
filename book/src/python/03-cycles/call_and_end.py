from seed import create_circular_reference
print("calling create_circular_reference()")
create_circular_reference()
print("returned; end of the script")
