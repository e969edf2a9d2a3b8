"""Rendering dataset samples on several processes, in index order."""
import multiprocessing as mp
import os

from .sample import dataset_sample


def _render(args):
    seed, split, index, kwargs = args
    return dataset_sample(seed, split, index, **kwargs)


def render_range(seed: int, split: str, start: int, count: int, workers: int = None, **kwargs):
    """Yields samples start .. start + count - 1 of (seed, split), in order, rendered by `workers`
    processes (default: all cores; 1 renders in this process)."""
    workers = workers or os.cpu_count() or 1
    jobs = [(seed, split, i, kwargs) for i in range(start, start + count)]
    if workers <= 1 or count <= 1:
        yield from map(_render, jobs)
        return
    # fork keeps start-up cheap (no re-import per worker); the work itself uses numpy and Pillow only.
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_render, jobs, chunksize=max(1, min(16, count // (4 * workers))))
