print("clipsonic")
