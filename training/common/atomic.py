"""The one way training/ writes a file: into a temporary file in the destination's folder, flushed
and fsynced, renamed over the destination, then the folder fsynced so the rename itself survives a
power cut. A reader (or a resumed run) therefore sees the previous file or the new one, never a
half-written one; a failure before the rename removes the temporary file and keeps the old one.

Temporary names start with a dot and end in ".tmp", so globs such as shard-*.safetensors never
pick one up and a killed writer's leftovers are easy to find (remove_stale).
"""
import glob
import json
import os
import shutil
import tempfile


def fsync_folder(folder: str) -> None:
    # Directories cannot be opened for fsync on every platform (Windows); there the rename is
    # as durable as the OS makes it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: str) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def temp_prefix(path: str) -> str:
    return f".{os.path.basename(path)}."


def atomic_write(path: str, write, prefix: str = None) -> str:
    """write(tmp_path) writes the whole file at tmp_path; it appears at `path` whole or not at all.
    `prefix` names the temporary file (default ".NAME."), for callers that clean up after killed runs."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix or temp_prefix(path), suffix=".tmp", dir=folder)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; what we write is an ordinary file
    try:
        write(tmp)
        _fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    fsync_folder(folder)
    return path


def remove_stale(folder: str, prefix: str) -> list:
    """Temporary files a killed writer left behind (never renamed into place, so never a result)."""
    stale = glob.glob(os.path.join(glob.escape(folder), glob.escape(prefix) + "*.tmp"))
    for p in stale:
        os.remove(p)
    return stale


def save_torch(obj, path: str) -> str:
    import torch

    return atomic_write(path, lambda tmp: torch.save(obj, tmp))


def save_safetensors(tensors: dict, path: str, metadata: dict = None) -> str:
    from safetensors.torch import save_file

    return atomic_write(path, lambda tmp: save_file(tensors, tmp, metadata=metadata))


def save_text(text: str, path: str) -> str:
    def write(tmp):
        with open(tmp, "w") as f:
            f.write(text)

    return atomic_write(path, write)


def save_json(obj, path: str, indent=2, sort_keys: bool = False) -> str:
    return save_text(json.dumps(obj, indent=indent, sort_keys=sort_keys) + "\n", path)


def replace_folder(path: str, write):
    """write(tmp_folder) fills a new folder, which then takes the place of `path` (a folder or
    nothing); returns what write returns. Two renames cannot be one atomic step: the old folder
    is moved aside first and removed only after the new one is in place, so at every moment one
    complete folder exists under `path` or under its ".NAME.old-*" name."""
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=temp_prefix(path) + "tmp-", dir=parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the folder is an ordinary one
    try:
        result = write(tmp)
        for root, _, files in os.walk(tmp):
            for f in files:
                _fsync_file(os.path.join(root, f))
            fsync_folder(root)
        old = None
        if os.path.exists(path):
            old = tempfile.mkdtemp(prefix=temp_prefix(path) + "old-", dir=parent)
            os.rmdir(old)
            os.replace(path, old)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_folder(parent)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    return result
