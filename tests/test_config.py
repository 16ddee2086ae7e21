from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings, find_zone, load_settings, parse_duration, parse_hhmm, read_env_file
from bot.errors import ConfigError


def test_defaults_without_any_setting():
    s = load_settings({}, env_file=None)
    assert s.database_path == Path("newsdigest.db")
    assert s.key_points == 3
    assert s.timezone == "UTC"
    assert s.discord_token is None


def test_env_file_is_read_and_environment_wins(tmp_path):
    env = tmp_path / ".env"
    env.write_text('# comment\nexport KEY_POINTS=4\nTIMEZONE="Europe/Berlin"  \nDATABASE_PATH=/x/y.db # trailing\n')
    s = load_settings({"KEY_POINTS": "5"}, env_file=env)
    assert s.key_points == 5
    assert s.timezone == "Europe/Berlin"
    assert s.database_path == Path("/x/y.db")


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("KEY_POINTS", "three", "KEY_POINTS: 'three' is not a whole number"),
        ("KEY_POINTS", "0", "outside"),
        ("TIMEZONE", "Mars/Olympus", "IANA time zone"),
        ("DISCORD_CHANNEL_ID", "general", "Discord id"),
        ("DIGEST_TIME", "25:00", "not a time"),
        ("FEED_INTERVAL", "1m", "at least 5m"),
        ("DIGEST_WINDOW", "0s", "at least 1m"),  # was taken: every first digest empty
        ("FEED_ALLOWED_NETWORKS", "10.0.0.0/8, bad host!", "neither a host name"),
        ("POST_EMPTY_DIGEST", "maybe", "yes/no"),
        ("DISCORD_API_BASE", "ftp://x", "not a http or https URL"),
        ("CATCHUP_GRACE", "soon", "not a duration"),
        ("WEB_LISTEN", "8080", "not HOST:PORT"),
        ("WEB_LISTEN", "0.0.0.0:99999", "outside 1..65535"),
        ("WEB_LISTEN", "exa mple:80", "not HOST:PORT"),
    ],
)
def test_invalid_settings_name_the_setting(name, value, fragment):
    with pytest.raises(ConfigError) as err:
        load_settings({name: value}, env_file=None)
    assert err.value.setting == name
    assert fragment in str(err.value)


def test_web_listen_takes_a_host_and_port():
    assert (Settings().web_host, Settings().web_port) == ("127.0.0.1", 8080)
    s = load_settings({"WEB_LISTEN": "0.0.0.0:9000"}, env_file=None)
    assert (s.web_host, s.web_port) == ("0.0.0.0", 9000)  # noqa: S104 - what a container would listen on
    v6 = load_settings({"WEB_LISTEN": "[::1]:8081"}, env_file=None)
    assert (v6.web_host, v6.web_port) == ("::1", 8081)


def test_allowed_networks_split_hosts_and_cidrs():
    s = load_settings({"FEED_ALLOWED_NETWORKS": "127.0.0.1, 10.1.0.0/16,feeds.internal"}, env_file=None)
    assert [str(n) for n in s.feed_allowed_networks] == ["127.0.0.1/32", "10.1.0.0/16"]
    assert s.feed_allowed_hosts == ("feeds.internal",)


def test_bad_env_file_line_is_reported(tmp_path):
    env = tmp_path / ".env"
    env.write_text("JUST SOME WORDS\n")
    with pytest.raises(ConfigError, match=r"\.env:1"):
        read_env_file(env)


def test_durations_and_times():
    assert parse_duration("24h") == timedelta(hours=24)
    assert parse_duration("90m") == timedelta(minutes=90)
    assert parse_duration("2") == timedelta(hours=2)
    assert parse_hhmm("7:30") == "07:30"
    with pytest.raises(ValueError, match="duration"):
        parse_duration("-3h")


def test_token_is_not_in_repr():
    s = load_settings({"DISCORD_TOKEN": "secret-token-value"}, env_file=None)
    assert "secret-token-value" not in repr(s)


def test_absurd_timezone_is_a_config_error_not_an_os_error():
    with pytest.raises(ConfigError, match="TIMEZONE"):
        load_settings({"TIMEZONE": "Europe/" + "x" * 400}, env_file=None)


def test_home_folder_of_an_unknown_user_is_a_config_error():
    with pytest.raises(ConfigError, match="DROP_FOLDERS"):
        load_settings({"DROP_FOLDERS": "~no-such-user-here/drop"}, env_file=None)


def test_leases_are_renewed_so_need_not_outlast_a_batch_and_a_too_short_one_is_refused_in_one_line():
    defaults = load_settings({}, None)
    assert (defaults.feed_lease, defaults.drop_lease) == (timedelta(minutes=1), timedelta(minutes=1))
    # Renewed while the work runs, a lease no longer grows with the fetch settings, nor is held to them.
    assert load_settings({"FEED_TIMEOUT": "300"}, None).feed_lease == timedelta(minutes=1)
    assert load_settings({"FEED_LEASE": "10s", "FEED_TIMEOUT": "300"}, None).feed_lease == timedelta(seconds=10)
    assert load_settings({"DROP_LEASE": "15"}, None).drop_lease == timedelta(seconds=15)
    for name in ("FEED_LEASE", "DROP_LEASE"):
        with pytest.raises(ConfigError, match=name) as err:
            load_settings({name: "5s"}, None)  # below the least any lease may be: renewals a few seconds apart
        assert "at least 10s" in str(err.value)
        assert "\n" not in str(err.value)


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", " LOCALTIME "])
def test_zone_database_files_that_are_not_zones_are_refused(name):
    # "localtime" is whatever zone the host runs in: a schedule in it would move with the machine.
    assert find_zone(name) is None
    with pytest.raises(ConfigError, match="TIMEZONE"):
        load_settings({"TIMEZONE": name}, env_file=None)
    assert find_zone("Europe/Paris") is not None


@pytest.mark.parametrize("text", ["\uff10\uff17:\uff13\uff10", "07:\uff13\uff10", "\u0660\u0667:\u0663\u0660"])
def test_a_time_of_day_takes_ascii_digits_only(text):
    with pytest.raises(ValueError, match="not a time"):
        parse_hhmm(text)
    assert parse_hhmm("7:30") == "07:30"


@pytest.mark.parametrize("value", ["999999999999999999999", "\uff19" * 18])
def test_a_discord_id_the_database_cannot_hold_or_written_in_other_digits_is_refused(value):
    with pytest.raises(ConfigError, match="DISCORD_CHANNEL_ID"):
        load_settings({"DISCORD_CHANNEL_ID": value}, env_file=None)
    assert load_settings({"DISCORD_CHANNEL_ID": "9223372036854775807"}, env_file=None).discord_channel_id


def test_an_env_file_that_never_ends_or_is_huge_is_one_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not a settings file"):
        read_env_file(Path("/dev/zero"))
    assert read_env_file(Path("/dev/null")) == {}
    huge = tmp_path / "huge.env"
    huge.write_text("# filler\n" * 200_000, encoding="utf-8")
    with pytest.raises(ConfigError, match="larger than 1024 kB"):
        read_env_file(huge)
