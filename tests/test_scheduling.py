from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.scheduling import CatchUp, Slot, catch_up, latest_slot, next_slot, run_at

BERLIN = ZoneInfo("Europe/Berlin")


def test_same_local_time_both_sides_of_spring_forward():
    before = run_at(date(2026, 3, 28), "07:30", BERLIN)
    after = run_at(date(2026, 3, 29), "07:30", BERLIN)
    assert before == datetime(2026, 3, 28, 6, 30, tzinfo=UTC)
    assert after == datetime(2026, 3, 29, 5, 30, tzinfo=UTC)


def test_same_local_time_both_sides_of_fall_back():
    assert run_at(date(2026, 10, 24), "07:30", BERLIN) == datetime(2026, 10, 24, 5, 30, tzinfo=UTC)
    assert run_at(date(2026, 10, 25), "07:30", BERLIN) == datetime(2026, 10, 25, 6, 30, tzinfo=UTC)


def test_time_in_gap_runs_once_when_gap_ends():
    # 02:30 does not exist on 2026-03-29 in Berlin: clocks go 02:00 CET -> 03:00 CEST at 01:00 UTC.
    at = run_at(date(2026, 3, 29), "02:30", BERLIN)
    assert at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    slots = set()
    now = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    for _ in range(3):
        slot = next_slot("02:30", BERLIN, now)
        slots.add(slot)
        now = slot.at
    assert [s.id for s in sorted(slots, key=lambda s: s.at)] == ["2026-03-29", "2026-03-30", "2026-03-31"]


def test_ambiguous_time_runs_at_first_occurrence_once():
    # 02:30 happens twice on 2026-10-25 in Berlin; the first is 00:30 UTC (CEST).
    at = run_at(date(2026, 10, 25), "02:30", BERLIN)
    assert at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    nxt = next_slot("02:30", BERLIN, at)
    assert nxt.id == "2026-10-26"


def test_latest_and_next_slot():
    now = datetime(2026, 3, 29, 5, 0, tzinfo=UTC)  # 07:00 CEST
    assert latest_slot("07:30", BERLIN, now) == Slot(date(2026, 3, 28), datetime(2026, 3, 28, 6, 30, tzinfo=UTC))
    assert next_slot("07:30", BERLIN, now) == Slot(date(2026, 3, 29), datetime(2026, 3, 29, 5, 30, tzinfo=UTC))
    exact = datetime(2026, 3, 29, 5, 30, tzinfo=UTC)
    assert latest_slot("07:30", BERLIN, exact).id == "2026-03-29"
    assert next_slot("07:30", BERLIN, exact).id == "2026-03-30"


def test_catch_up_within_and_beyond_grace():
    slot = Slot(date(2026, 1, 5), datetime(2026, 1, 5, 6, 30, tzinfo=UTC))
    assert catch_up(slot, slot.at + timedelta(hours=2), timedelta(hours=3)) is CatchUp.POST
    assert catch_up(slot, slot.at + timedelta(hours=4), timedelta(hours=3)) is CatchUp.SKIP


def test_other_zones_and_utc():
    assert run_at(date(2026, 6, 1), "23:59", ZoneInfo("UTC")) == datetime(2026, 6, 1, 23, 59, tzinfo=UTC)
    # Lord Howe shifts by 30 minutes; 02:15 on its spring-forward day does not exist.
    lh = ZoneInfo("Australia/Lord_Howe")
    at = run_at(date(2026, 10, 4), "02:15", lh)
    assert at.astimezone(lh).strftime("%H:%M") == "02:30"
