"""The embedded default bundle, models/mini: the whole CLIPSonic method trained on the
miniature world (training/world) on this machine's CPU. `python3 -m training.mini.build` runs
every step; each step can also be run on its own (see README.md)."""
