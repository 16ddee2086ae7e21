"""English function words that carry no topic, and a light suffix stemmer for matching content words."""

from __future__ import annotations

from functools import lru_cache

STOPWORDS = frozenset(
    str.split(
        """
    a about above across after again against ago all almost along already also although always am among an and
    another any anyone anything are around as at away back be became because become been before being below
    between both but by came can cannot could did do does doing done down during each either else even ever every
    few for from further get gets getting go goes going gone got had has have having he her here hers herself him
    himself his how however i if in including into is it its itself just last least less like made make makes many
    may me might more most much must my myself near need never new next no nor not now of off often on once one
    only onto or other others our ours ourselves out over own per perhaps put rather really said same say saying
    says see seen several she should since so some something still such than that the their theirs them
    themselves then there these they thing things this those though through thus to told too toward towards under
    until up upon us use used very via was way we well went were what whatever when where whether which while who
    whom whose why will with within without would yet you your yours yourself yourselves mr mrs ms dr year years
    time times week weeks day days today yesterday monday tuesday wednesday thursday friday saturday sunday s t
    don didn doesn isn wasn aren weren won wouldn couldn shouldn hasn haven hadn ll ve re d m
    """
    )
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common English inflections so that 'charged', 'charges' and 'charging' match (lower-case input)."""
    if len(word) <= 4:
        return word
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ers", ""), ("ed", ""), ("es", ""), ("er", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
