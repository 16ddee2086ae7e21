"""What stands in front of a story: a cookie or consent dialog, a paywall's "Subscribe to continue reading".

A page saved before the reader clicked through shows the wall's text instead of, or after, the story's: the
dialog is no article, and the paywall's notice is no paragraph of the teaser it ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.text.asciiwords import beyond_ascii
from bot.text.linepatterns import contains_any, contains_any_grouped, hint_groups

# What consent dialogs speak of, in the languages their vendors ship (one alternative per idea and language, so
# that distinct hits count ideas, not spellings).
_CONSENT = re.compile(
    r"\b(cookies?|consent\w*|personal (?:data|information)|privacy|(?:our|\d+) partners|preferences"
    r"|personali[sz]ed (?:ads|advertising|content)|your device|legitimate interests?|accept all|reject all"
    r"|einwilligung|zustimmung|datenschutz|personenbezogene[n]? daten|partner|ihre[mn]? (?:endger[äa]t|ger[äa]t)"
    r"|consentement|donn[ée]es personnelles|partenaires|vie priv[ée]e|votre appareil"
    r"|consentimiento|datos personales|socios|privacidad|su dispositivo"
    r"|consenso|dati personali|toestemming|persoonsgegevens)\b",
    re.IGNORECASE,
)
# A dialog is a few short paragraphs; an article about consent rules is longer and has paragraphs that name none.
# A text naming none of these holds no dialog: the pattern is asked only of the few that name one.
_CONSENT_HINTS = (
    "cookie", "consent", "privacy", "partner", "einwilligung", "zustimmung", "datenschutz", "données", "donnees",
    "privée", "privee", "datos", "privacidad", "consenso", "dati personali", "toestemming", "persoonsgegevens",
)  # fmt: skip
# Each hint holds one of these: a text is searched for each stem, and for its hints only where it holds the stem
# (12 scans of a text holding none, not 17).
_CONSENT_STEMS = (
    "cookie", "consen", "priv", "partner", "einwilligung", "zustimmung", "datenschutz", "donn", "datos",
    "dati personali", "toestemming", "persoonsgegevens",
)  # fmt: skip
_CONSENT_HINT_GROUPS = hint_groups(_CONSENT_HINTS, _CONSENT_STEMS)
# The characters whose case fold is not the one Latin-1 character _LATIN_FOLD gives: beyond Latin-1, those that
# fold into it (the Kelvin sign, the dotted capital I, ligatures...); in it, the two that fold out of it (µ, ß).
# tests/test_text_fastpaths.py checks the list against every code point.
_FOLD_TWINS = frozenset(
    "\u00b5\u00df\u0130\u0149\u0178\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a\u212b"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
# Latin-1's case fold, a byte each (capitals to small letters; _FOLD_TWINS' µ and ß kept as they are).
_LATIN_FOLD = bytes(ord(f) if len(f := chr(b).casefold()) == 1 and ord(f) < 256 else b for b in range(256))
_CONSENT_CHARS = 4000
_CONSENT_SHARE = 0.8
_CONSENT_IDEAS = 4  # distinct things named across the text
_PARAGRAPH_IDEAS = 2  # distinct things named in a paragraph that counts as the dialog's

# A paywall's notice names one of these (lower-cased): the pattern is asked only of such lines.
_PAYWALL_HINTS = (
    "subscri",
    "reading",
    "article",
    "stories",
    "member",
    "unlock",
    "abonn",
    "abbonat",
    "suscriptor",
    "assinantes",
    "jetzt",
    "weiterlesen",
    *("\u6709\u6599", "\u7d9a\u304d", "\u4ed8\u8d39", "\u8ba2\u9605", "\uc720\ub8cc"),  # 有料 続き 付费 订阅 유료
)
# The hints an ASCII line can hold (most lines: the others are not looked for).
_PAYWALL_ASCII_HINTS = tuple(hint for hint in _PAYWALL_HINTS if hint.isascii())
# A paywall's notice to the reader, in place of the rest of the story.
PAYWALL = re.compile(
    r"\b(?:subscribe|log ?in|sign ?in|register) to (?:continue|keep) reading\b|\bto (?:continue|keep) reading,? "
    r"(?:please )?(?:subscribe|log ?in|sign ?in|register|become a (?:subscriber|member))\b"
    r"|\b(?:this|the) (?:article|story|content|piece) is (?:only )?(?:for|available to|reserved for|exclusive to) "
    r"(?:paying |our )?(?:subscribers|members)\b|^already a (?:subscriber|member)\b"
    r"|\byou(?:'ve| have) (?:read|reached|used) (?:all|your|the)\b.{0,40}\b(?:free )?(?:articles|stories)\b"
    r"|\bunlock (?:this|the full) (?:article|story)\b"
    r"|\b(?:artikel|beitrag|inhalt) ist nur für abonnenten\b|^jetzt (?:weiterlesen|abonnieren)\b"
    r"|\b(?:this|the) (?:article|story|content|piece) is (?:for |available to )?(?:paying )?subscribers only\b"
    r"|^(?:paid )?(?:members?|subscribers?)[- ]only(?: (?:story|article|content|post))?$"
    r"|\best réservée? aux abonnés\b|\bexclusiv[oa] para (?:suscriptores|assinantes)\b|\bweiterlesen mit\b"
    r"|有料会員|続きをお読み|付费阅读|订阅后(?:阅读|可读)|유료\s?회원"
    r"|\b(?:articolo|contenuto) (?:è )?riservato agli abbonati\b|\b(?:artikel|content) is alleen (?:beschikbaar )?"
    r"voor abonnees\b",
    re.IGNORECASE,
)
_PAYWALL_LINE = 300  # a notice is a line or two; a paragraph of the story that mentions subscribers is longer


def is_consent_notice(paragraphs: Sequence[str]) -> bool:
    """Tell whether a text is a cookie or consent dialog: short, and nearly every paragraph about consent."""
    total = sum(len(p) for p in paragraphs)
    if not total or total > _CONSENT_CHARS:
        return False
    folded = _folded_for_hints(" ".join(paragraphs))
    if not contains_any_grouped(folded, _CONSENT_HINT_GROUPS):
        return False  # (none of _CONSENT_HINTS in the text's case fold)
    ideas: set[str] = set()
    consent = 0
    for paragraph in paragraphs:
        named = {m.casefold().rstrip("s") for m in _CONSENT.findall(paragraph)}
        ideas |= named
        if len(named) >= _PARAGRAPH_IDEAS:
            consent += len(paragraph)
    return len(ideas) >= _CONSENT_IDEAS and consent >= _CONSENT_SHARE * total


def _folded_for_hints(text: str) -> str:
    """Return a text that holds each of _CONSENT_HINTS exactly where ``text.casefold()`` does.

    Beyond ASCII a full case fold costs ~20 us a short article (a curly quote is enough), and the hints' scans of
    its two bytes a character cost more than of one. The hints are spelt in Latin-1 without "?": where no character
    of ``text`` is one of _FOLD_TWINS, its Latin-1 characters folded by _LATIN_FOLD and the others as "?" (each of
    which folds to characters no hint holds) hold the same runs of the hints' characters as its case fold.
    """
    if text.isascii():
        return text.casefold()
    if not _FOLD_TWINS.isdisjoint(beyond_ascii(text)):
        return text.casefold()
    return text.encode("latin-1", "replace").translate(_LATIN_FOLD).decode("latin-1")


def is_paywall_notice(line: str, lower: str | None = None) -> bool:
    """Tell whether a line is a paywall's notice to the reader (the line kinds' subscription line too).

    ``lower``: the line lower-cased, where the caller has it (the hints are lower-case ASCII and CJK).
    """
    if len(line) > _PAYWALL_LINE:
        return False
    folded = line.lower() if lower is None else lower
    hints = _PAYWALL_ASCII_HINTS if folded.isascii() else _PAYWALL_HINTS
    return contains_any(folded, hints) and PAYWALL.search(line) is not None


def paywall_start(paragraphs: Sequence[str]) -> int:
    """Return the index of the first paragraph that is a paywall's notice (after the first), else the length."""
    for index, paragraph in enumerate(paragraphs):
        if index and is_paywall_notice(paragraph):
            return index
    return len(paragraphs)
