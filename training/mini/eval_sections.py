"""models/mini/EVAL.md is written by more than one command: `evaluate` writes the main part, and
each other evaluation (`evaluate_beyond`) owns a section between markers. Each command replaces
only what it owns, so rerunning one never drops another's measurements."""
import re

from training.common import atomic

_SECTION = re.compile(r"<!-- section: (?P<name>[\w-]+) -->\n.*?<!-- end: (?P=name) -->\n", re.S)


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def _write(path: str, text: str) -> None:
    atomic.save_text(text, path)


def sections(text: str) -> dict:
    """{name: the section's text, markers included}, in the order they appear."""
    return {m.group("name"): m.group(0) for m in _SECTION.finditer(text)}


def write_main(path: str, main: str) -> None:
    """Replaces the main part (everything outside sections), keeping the sections after it."""
    kept = sections(_read(path))
    _write(path, main.rstrip("\n") + "\n" + "".join("\n" + s for s in kept.values()))


def write_section(path: str, name: str, body: str) -> None:
    """Replaces (or appends) the section `name`, keeping everything else."""
    block = f"<!-- section: {name} -->\n{body.rstrip(chr(10))}\n<!-- end: {name} -->\n"
    text = _read(path)
    if name in sections(text):
        text = _SECTION.sub(lambda m: block if m.group("name") == name else m.group(0), text)
    else:
        text = text.rstrip("\n") + "\n\n" + block if text else block
    _write(path, text)
