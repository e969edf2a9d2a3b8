"""CLIPSonic training, export and reference code (PyTorch)."""
