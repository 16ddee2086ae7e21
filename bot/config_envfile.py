"""The ``.env`` file format: ``KEY=value`` lines, read for ``bot/config.py`` (which decides what each means)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.errors import ConfigError

ENV_FILE_MAX = 1024 * 1024  # a settings file is a few kB; "--env-file /dev/zero" must not fill the memory


def read_env_file(path: Path) -> dict[str, str]:
    """Read ``KEY=value`` lines; ``#`` comments, blank lines, ``export`` and quotes are handled.

    Raises:
        ConfigError: if the file cannot be read or a line is not of that form.
    """
    values: dict[str, str] = {}
    try:
        with path.open("rb") as handle:  # a file, /dev/null or a pipe (`--env-file <(...)`): read bounded
            data = handle.read(ENV_FILE_MAX + 1)
        if len(data) > ENV_FILE_MAX:
            raise ConfigError(str(path), f"is larger than {ENV_FILE_MAX // 1024} kB: not a settings file")
        lines = data.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot be read ({exc})") from exc
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ConfigError(f"{path}:{number}", "expected a line KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = re.sub(r"\s+#.*$", "", value)
        values[key] = value
    return values
