"""One terminal-safe text function for everything printed that came from input.

File names, and an article's ``title``, ``source`` or ``id``, come from strangers: written
raw to a terminal, ``ESC ] 0 ; ... BEL`` retitles the window, ``ESC [ 2 J`` clears the
screen, ``ESC ] 8 ;; URL ST`` makes hidden links, and the bidi overrides (U+202E ...) show
text in another order than it is.  :func:`terminal_safe` removes all of them; every warning,
error, ``Sources:`` list and ``feed`` listing passes what it prints from input through it.
"""

from __future__ import annotations

import re

# an escape sequence as a whole: OSC (ESC ] ... BEL or ST, as OSC 8 links use), DCS/SOS/PM/APC
# (ESC P/X/^/_ ... ST), CSI (ESC [ params final), or ESC and one character; the 8-bit C1
# forms (0x9b CSI, 0x9d OSC) likewise
_SEQUENCE = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -/]*[0-~]?"
)
# what is left: C0 controls but tab and newline, DEL, C1 controls, bidi embeddings,
# overrides and isolates (and the Arabic letter mark), which reorder what follows
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: object, one_line: bool = False) -> str:
    """``text`` (made a string) without escape sequences, control characters (tab and newline
    kept, unless ``one_line``: then every run of whitespace is one space) or bidi controls."""
    clean = _CONTROL.sub("", _SEQUENCE.sub("", str(text)))
    if one_line:
        clean = " ".join(clean.split())
    return clean
