"""Sentences and key points in German, French, Spanish, Portuguese, Italian, Russian, Japanese and Chinese."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.keypoints import key_points, redundant, word_count
from bot.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Am 3. Oktober 2019 feierte Deutschland. Die Feier war groß, z. B. in Berlin. Nr. 5 ist neu.",
            ["Am 3. Oktober 2019 feierte Deutschland.", "Die Feier war groß, z. B. in Berlin.", "Nr. 5 ist neu."],
        ),
        (
            "Il a dit : « Je pars. » Puis il est parti. M. Macron a répondu.",
            ["Il a dit : « Je pars. »", "Puis il est parti.", "M. Macron a répondu."],
        ),
        (
            "¿Qué pasa? ¡Nada! El Sr. García llegó el 3 de mayo. La Dra. López también.",
            ["¿Qué pasa?", "¡Nada!", "El Sr. García llegó el 3 de mayo.", "La Dra. López también."],
        ),
        (
            'O Sr. Silva chegou. A Profa. Souza saiu às 10h. Ele disse: "Não." E saiu.',
            ["O Sr. Silva chegou.", "A Profa. Souza saiu às 10h.", 'Ele disse: "Não."', "E saiu."],
        ),
        (
            "Il sig. Rossi è arrivato. Il dott. Bianchi no. Lo ha detto il prof. Verdi.",
            ["Il sig. Rossi è arrivato.", "Il dott. Bianchi no.", "Lo ha detto il prof. Verdi."],
        ),
        (
            "В 2019 г. президент В. В. Путин сказал. «Мы готовы», — заявил он. Он ушёл.",
            ["В 2019 г. президент В. В. Путин сказал.", "«Мы готовы», — заявил он.", "Он ушёл."],
        ),
        (
            "東京で会議が開かれた。首相は「問題ない」と述べた。次の会議は来月だ！本当か？",
            ["東京で会議が開かれた。", "首相は「問題ない」と述べた。", "次の会議は来月だ！", "本当か？"],
        ),
        (
            "中国日报报道，会议于11月举行。专家说：“这是重要的。”他们同意了。",
            ["中国日报报道，会议于11月举行。", "专家说：“这是重要的。”", "他们同意了。"],
        ),
        ("John Smith Sr. He said nothing. It was 5 p.m. The end.", None),
    ],
)
def test_sentences_of_other_languages(text, expected):
    if expected is None:  # English keeps its rules: "Sr." after a name, then a sentence start, ends a sentence
        expected = ["John Smith Sr.", "He said nothing.", "It was 5 p.m.", "The end."]
    assert split_sentences(text) == expected


_JA = (
    "政府は十日、東京都内で新しい交通計画を発表した。計画では路面電車の運行本数を二倍に増やす。"
    "都民からは歓迎の声が上がっている。一方で費用の負担を心配する意見もある。"
    "交通局は来年四月から段階的に実施すると説明した。"
)
_ZH = (
    "香港政府今天宣布新的交通计划。计划将电车班次增加一倍。市民普遍表示欢迎。"
    "但也有人担心费用问题。交通部门表示将于明年四月分阶段实施。"
)


@pytest.mark.parametrize("text", [_JA, _ZH])
def test_key_points_of_chinese_and_japanese_are_whole_sentences(text):
    points = key_points([text], None, 3)
    assert len(points) == 3
    sentences = split_sentences(text)
    assert all(p in sentences for p in points)


def test_words_of_unspaced_scripts_are_counted_by_characters():
    assert word_count("政府は十日、新しい計画を発表した。") >= 5
    assert word_count("The ferry runs again.") == 4
    assert redundant("東京で新しい交通計画を発表した。", "東京で新しい交通計画が発表された。")
    assert not redundant("東京で新しい交通計画を発表した。", "都民からは歓迎の声が上がっている。")


_WORLD = st.sampled_from(
    [
        "。",
        "！",
        "？",
        "「",
        "」",
        "«",
        "»",
        " ",
        "\u00a0",
        "¿",
        "¡",
        ".",
        "3.",
        "Oktober",
        "Sr.",
        "г.",
        "日本",
        "a",
        "\n",
    ]
)


@given(st.lists(st.one_of(_WORLD, st.text(max_size=5)), max_size=40).map("".join))
def test_splitting_and_key_points_never_raise_and_lose_no_letters(text):
    sentences = split_sentences(text)
    assert "".join("".join(s.split()) for s in sentences) == "".join(text.split())
    points = key_points([text], None, 3)
    assert all(isinstance(p, str) and p for p in points)
