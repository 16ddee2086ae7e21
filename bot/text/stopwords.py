"""Function words that carry no topic (English, and the commonest of other languages), and a light stemmer."""

from __future__ import annotations

from collections.abc import Callable

from bot.text.linecache import LineCache

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


# The commonest function words of German, French, Spanish, Portuguese, Italian and Russian: without them a
# long sentence of any of these languages looks central to its story only because it says "de" and "la".
# Words that are also English content words ("die", "war", "man", "son", "come", "plus") are left out.
_OTHER_LANGUAGES = str.split(
    """
    der das und den von zu mit sich des auf für ist im dem nicht ein eine als auch es werden aus er dass sie nach
    wird bei einer sind noch wie einem über einen zum haben nur oder aber vor zur durch sein wurde sei ich wir ihr
    le la les et des en du une que est pour qui dans par pas au aux ce il ils elle sont avec ou sa ses mais
    comme nous été leur lui cette être ont était d l qu n s c j
    el los del se las por un para con una su al lo más pero sus ya este porque esta entre cuando muy sobre
    también hasta hay donde desde todo durante todos les ni ese eso ellos esto otros es son fue ha han según
    de y o e da do em um é não uma os no na mais dos ao ele das tem à seu sua ser muito há nos já está também
    pelo pela até isso ela depois sem mesmo aos ter seus quem nas esse eles estão foram essa
    di il che è non per della dei gli ma più alla nel anche delle ci questo nella suo erano sono dal degli
    и в не на что он с как а то все она так его но да к у же вы за бы по только ее мне было вот от еще нет о
    из ему когда даже уже или ни быть был до вас там себя они тут где есть для мы их чем была сам без будет
    кто этот того этого при после об это этом также
    """
)
STOPWORDS = STOPWORDS | frozenset(_OTHER_LANGUAGES)


def _stem(word: str) -> str:
    """Strip common English inflections so that 'charged', 'charges' and 'charging' match (lower-case input)."""
    if len(word) <= 4:
        return word
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ers", ""), ("ed", ""), ("es", ""), ("er", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Cached (bot/text/linecache.py): a "word" of more than 100 characters (a hostile run of letters) is never kept.
stem: Callable[[str], str] = LineCache(_stem, 65536, longest=100).__getitem__
"""Strip common English inflections so that 'charged', 'charges' and 'charging' match (lower-case input; cached)."""
