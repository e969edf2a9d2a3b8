"""What every trainer and writer in training/ shares: atomic saves (atomic.py) and the training
loop with JSONL logging, checkpoints and resume (loop.py)."""
