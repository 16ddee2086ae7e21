"""The split-by-split reading of key points against Lead-3 (bench/quality_keypoints_splits.py)."""

import json
import random

import pytest

from bench import quality_keypoints_splits as splits

IDS = [f"article-{n:03d}" for n in range(25)]


def test_random_halves_are_disjoint_balanced_and_change_with_the_salt():
    first, second = splits.random_halves(IDS, 0)
    assert sorted(first + second) == sorted(IDS)
    assert (len(first), len(second)) == (13, 12)
    assert splits.random_halves(IDS, 0) == (first, second)  # the same salt, the same split
    assert splits.random_halves(list(reversed(IDS)), 0) == (first, second)  # whatever the input order
    assert {tuple(splits.random_halves(IDS, salt)[0]) for salt in range(10)}.__len__() == 10


def test_margin_and_bootstrap_read_the_per_article_difference():
    a = {i: (10.0 + n, 20.0) for n, i in enumerate(IDS)}
    b = dict.fromkeys(IDS, (10.0, 21.0))
    assert splits.margin(a, b, IDS, 0) == pytest.approx(12.0)  # mean of 0..24
    assert splits.margin(a, b, IDS, 1) == pytest.approx(-1.0)
    low, high = splits.bootstrap(a, b, IDS, 0)
    assert low < 12.0 < high
    assert splits.bootstrap(a, b, IDS, 1) == (pytest.approx(-1.0), pytest.approx(-1.0))  # no spread, no interval


def test_split_summary_counts_halves_below_one_point():
    rng = random.Random(3)
    lead = dict.fromkeys(IDS, (40.0, 36.0))
    ours = {i: (40.0 + rng.choice((0.0, 0.0, 4.0)), 36.0 + 1.5) for i in IDS}
    row = splits.split_summary(ours, lead, IDS, 20)
    assert row["R1"]["all"] == pytest.approx(splits.margin(ours, lead, IDS, 0), abs=0.01)
    # Each split's two halves weigh 13 and 12 articles: their mean is near, not exactly, the all-articles mean.
    assert row["R1"]["halves_mean"] == pytest.approx(row["R1"]["all"], abs=0.1)
    assert row["RLsum"] == {
        "all": 1.5,
        "halves_mean": 1.5,
        "halves_sd": 0.0,
        "halves_min": 1.5,
        "halves_below_1": 0,
        "bootstrap95": (1.5, 1.5),
    }
    assert 0 < row["R1"]["halves_below_1"] < 40


def test_a_real_gain_is_chosen_and_kept_on_the_other_half():
    off = dict.fromkeys(IDS, (40.0, 36.0))
    better = dict.fromkeys(IDS, (41.0, 37.0))  # one point more on every article
    result = splits.tuned_across({0.0: off, 1.0: better}, 0.0, IDS, 10)
    assert result["picks"] == {1.0: 20}
    assert result["gain_where_chosen"] == result["gain_on_other_half"] == 1.0
    assert result["other_half_below_0"] == 0


def test_noise_wins_only_where_it_was_chosen():
    rng = random.Random(7)
    ids = IDS[:24]
    off = dict.fromkeys(ids, (40.0, 36.0))
    grid = {0.0: off}
    for value in (1.0, 2.0, 3.0, 4.0):
        # No value is better in truth: half the articles gain 3 points, half lose 3, chosen at random.
        signs = [3.0] * 12 + [-3.0] * 12
        rng.shuffle(signs)
        grid[value] = {i: (40.0 + sign, 36.0) for i, sign in zip(ids, signs, strict=True)}
    result = splits.tuned_across(grid, 0.0, ids, 25)
    assert result["gain_where_chosen"] > 0.1
    # What a value won on the half it was chosen on, it loses on the other: the all-articles mean is zero.
    assert result["gain_on_other_half"] == -result["gain_where_chosen"]


def _own_records(n: int) -> list[dict[str, object]]:
    """Articles of our own making, with highlights that favour their first two sentences."""
    return [
        {
            "id": f"own-{k}",
            "article": (
                f"The river in town {k} rose two metres overnight after heavy rain. "
                f"Families in the lower streets of town {k} were moved to the school hall. "
                "The mayor said the bridge would stay closed until engineers had checked it. "
                "A football match planned for the weekend was called off. "
                "Forecasters expect the rain to ease by Tuesday."
            ),
            "highlights": [f"River in town {k} rose two metres after heavy rain.", "Families moved to school hall."],
        }
        for k in range(n)
    ]


def _data(tmp_path, records):
    data = tmp_path / "data"
    data.mkdir()
    (data / "cnndm-dev.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return data


def test_scores_of_a_system_and_the_dump_against_another_tree(tmp_path, capsys):
    pytest.importorskip("rouge_score", reason="rouge-score not installed (bench extra)")
    records = _own_records(6)
    data = _data(tmp_path, records)
    dump = tmp_path / "scores.json"
    assert splits.main(["--data", str(data), "--splits", "3", "--dump", str(dump)]) == 0
    saved = json.loads(dump.read_text())
    assert set(saved) == {"lead3", "keypoints"}
    assert set(saved["keypoints"]) == {r["id"] for r in records}
    assert all(0 < r1 <= 100 and 0 < rl <= 100 for r1, rl in saved["keypoints"].values())
    capsys.readouterr()
    assert splits.main(["--data", str(data), "--splits", "3", "--against", str(dump)]) == 0
    out = capsys.readouterr().out
    assert "(0 articles score differently)" in out  # the same code scores the same
    assert "'all': 0.0" in out


def test_the_whole_tuning_redone_never_does_worse_where_it_was_chosen(tmp_path):
    pytest.importorskip("rouge_score", reason="rouge-score not installed (bench extra)")
    records = _own_records(8)
    result = splits.retuned(records, splits._scorer(), 2, splits.DEFAULT, ("window", "length"))
    # Coordinate ascent from the defaults keeps a value only when it is at least as good on the half it is fitted on,
    # and every half is once the fitted one and once the other: where chosen >= the defaults on the same halves.
    chosen = result["chosen_R1"] + result["chosen_RLsum"]
    assert chosen >= result["default_other_R1"] + result["default_other_RLsum"] - 0.02  # rounding to 0.01 each
    assert result["configurations_scored"] >= 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "position,nonsense"], "--only: unknown constant(s) nonsense"),
        (["--against", "{missing}"], "not a --dump file (FileNotFoundError"),
        (["--against", "{bad}"], "not a --dump file (KeyError"),
        (["--against", "{other}"], "no scores for 3 of 3 articles"),
    ],
)
def test_bad_options_get_one_line(tmp_path, capsys, args, message):
    pytest.importorskip("rouge_score", reason="rouge-score not installed (bench extra)")
    data = _data(tmp_path, _own_records(3))
    (tmp_path / "bad.json").write_text('{"lead3": {}}', encoding="utf-8")
    (tmp_path / "other.json").write_text('{"keypoints": {"elsewhere": [1.0, 2.0]}}', encoding="utf-8")
    paths = {"missing": tmp_path / "missing.json", "bad": tmp_path / "bad.json", "other": tmp_path / "other.json"}
    with pytest.raises(SystemExit) as exited:
        splits.main(["--data", str(data), *(a.format(**paths) for a in args)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_without_the_data_it_says_so(tmp_path, capsys):
    assert splits.main(["--data", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().err
