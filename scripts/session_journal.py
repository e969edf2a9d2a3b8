"""Reads a studio session as the studio sees it: session.json with its journal replayed.

A reference reader of the journal format (docs/studio.md, "The session file and its journal"),
for scripts that look at a session while the studio runs: session.json alone holds only what
the last compaction wrote.

    from session_journal import load_session
    s = load_session("session/session.json")
"""
import json
import os


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def load_session(path):
    session = json.load(open(path))
    journal = os.path.realpath(path) + ".journal"
    if not os.path.exists(journal):
        return session
    lines = open(journal, "rb").read().split(b"\n")
    whole = lines[:-1]  # what follows the last newline is a line a kill cut short
    for number, line in enumerate(whole, start=1):
        digits, _, body = line.partition(b" ")
        if len(digits) != 16 or fnv1a64(body) != int(digits, 16):
            assert number == len(whole), f"{journal}, line {number}: damaged"
            break  # the last line, cut short: dropped
        record = json.loads(body)
        if number == 1:
            assert record["format"] == "clipsonic-session-journal", record
            if record["generation"] != session.get("journalGeneration", 0):
                return session  # a journal the file already holds (or one for another file)
            continue
        for key, value in record.items():
            if key != "takes":
                session[key] = value
        for splice in record.get("takes", []):
            session["takes"][splice["at"]:splice["at"] + splice["remove"]] = splice["insert"]
    return session
