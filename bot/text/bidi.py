"""Text-direction controls left open: closed where a field ends, so they reverse nothing an output puts after it.

Every parsed article's prose passes :func:`closed_bidi` once (``bot.ingest.textsafe.clean_article``), a feed's
title too, and every cut of a text to a limit closes what the cut left open (``bot.digest.escape.shorten``).
"""

from __future__ import annotations

import re

# Text-direction controls: embeddings and overrides (LRE RLE LRO RLO, closed by PDF) and isolates (LRI RLI FSI,
# closed by PDI). One left open turns whatever an output puts after the field on its line (the link of a markdown
# headline, the source beside a date) right to left.
# The search indexes read each as a blank (bot.text.cjk.search_folded); /find refuses them typed
# (bot.store.search.check_typed).
DIRECTION_CLASS = "\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{DIRECTION_CLASS}]")
_PDF, _PDI = "\u202c", "\u2069"
_BIDI_DEPTH = 125  # the deepest nesting the Unicode bidirectional algorithm keeps (UAX #9, max_depth)


def closed_bidi(text: str) -> str:
    """Return ``text`` with every text-direction embedding, override or isolate it leaves open closed at its end.

    Right-to-left text needs none of them, and an opened one that its text closes is left alone; one left open
    (a headline holding U+202E) would reverse what follows the field in every output. A stray closer is harmless
    (the algorithm ignores it); a text nesting deeper than the algorithm's 125 levels is no text anyone wrote,
    and loses its direction controls. Text without any comes back as it is.
    """
    if text.isascii() or _BIDI.search(text) is None:
        return text
    open_: list[str] = []  # the closer each open control needs, innermost last
    for control in _BIDI.findall(text):
        if control == _PDF:
            if open_ and open_[-1] == _PDF:  # a PDF never closes past an isolate
                open_.pop()
        elif control == _PDI:
            if _PDI in open_:  # a PDI closes its isolate and every embedding opened inside it
                while open_.pop() != _PDI:
                    pass
        elif len(open_) == _BIDI_DEPTH:
            return _BIDI.sub("", text)
        else:
            open_.append(_PDI if control >= "\u2066" else _PDF)
    return text + "".join(reversed(open_)) if open_ else text
