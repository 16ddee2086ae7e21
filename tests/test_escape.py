import pytest

from bot.digest.escape import ZWSP, discord_len, discord_text, escape_markdown, neutralise_mentions, shorten


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("**bold** __under__ ~~strike~~", r"\*\*bold\*\* \_\_under\_\_ \~\~strike\~\~"),
        ("`code` ||spoiler||", r"\`code\` \|\|spoiler\|\|"),
        ("[text](https://x.example)", r"\[text\](https://x.example)"),
        ("back\\slash", r"back\\slash"),
        (
            "# heading\n> quote\n- item\n-# subtext\n1. first",
            "\\# heading\n\\> quote\n\\- item\n\\-# subtext\n1\\. first",
        ),
        ("mid-line - # > stay", "mid-line - # > stay"),
        ("a <tag> here", r"a \<tag> here"),
    ],
)
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi @everyone and @here", f"hi @{ZWSP}everyone and @{ZWSP}here"),
        ("<@123> <@!45> <@&6> <#7> </cmd:8>", f"<{ZWSP}@123> <{ZWSP}@!45> <{ZWSP}@&6> <{ZWSP}#7> <{ZWSP}/cmd:8>"),
        ("mail me at a@b.example", "mail me at a@b.example"),
    ],
)
def test_neutralise_mentions(text, expected):
    assert neutralise_mentions(text) == expected


def test_discord_text_does_both_even_after_escaping():
    assert discord_text("<#7> @EVERYONE *x*") == f"\\<{ZWSP}#7> @{ZWSP}EVERYONE \\*x\\*"


def test_shorten_never_exceeds_and_never_leaves_half_an_escape():
    assert shorten("short", 10) == "short"
    assert shorten("abcdefghij", 5) == "abcd…"
    escaped = escape_markdown("ab*cd")  # ab\*cd
    cut = shorten(escaped, 4)  # 'ab\' + '…' would escape the ellipsis
    assert cut == "ab…"
    assert shorten("😀" * 10, 5) == "😀😀…"  # emoji count twice in UTF-16
    assert discord_len(shorten("😀" * 10, 5)) <= 5
