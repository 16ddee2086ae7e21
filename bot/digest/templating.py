"""The one jinja2 environment: templates from TEMPLATES_DIR first, the bundled ``bot/templates/`` second.

Digests, search results, the newsletter and webhook payloads all render through :func:`environment`, so a
template, a filter or an escaping rule behaves the same wherever it is used. Templates named ``*.html.j2``
(or ``.htm``/``.xml``) are autoescaped for HTML; the others get text already escaped for their format
(``bot/digest/views.py``), or use the ``md`` and ``discord`` filters.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from bot.digest.escape import discord_text, escape_markdown
from bot.digest.views import iso
from bot.errors import ConfigError

SETTING = "TEMPLATES_DIR"
_AUTOESCAPED = ["html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"]


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """Return the environment for this templates folder (None: the bundled templates only).

    Raises:
        ConfigError: if ``templates_dir`` is given but is not a folder.
    """
    if templates_dir is not None and not templates_dir.is_dir():
        raise ConfigError(SETTING, f"{templates_dir} is not a folder")
    return _environment(templates_dir)


class OutsideTemplateError(jinja2.TemplateError):
    """A template of TEMPLATES_DIR is a link (or under one) leading out of the folder: it is not read."""


class FolderLoader(jinja2.FileSystemLoader):
    """TEMPLATES_DIR's templates, never one read through a link that leads out of the folder.

    jinja2 already refuses ``../`` in a name; a link inside the folder (``footer.j2 -> ~/.env``) was followed,
    and whatever it pointed at (the bot's token, say) rendered into a digest posted in public. The folder
    itself may be a link; links that stay inside it are fine.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """Return the template's source, refusing one whose real place is outside the folder.

        Raises:
            OutsideTemplateError: for a link leading out (not TemplateNotFound: the bundled template of that
                name would then be used without a word).
        """
        folder = self.searchpath[0]
        named = posixpath.join(folder, *split_template_path(template))
        root, real = os.path.realpath(folder), os.path.realpath(named)
        if os.path.commonpath([root, real]) != root and os.path.lexists(named):
            raise OutsideTemplateError(f"template {template} is a link leading out of {folder}: not read")
        return super().get_source(environment, template)


@functools.lru_cache(maxsize=8)
def _environment(templates_dir: Path | None) -> jinja2.Environment:
    # One per folder, kept: jinja2 caches compiled templates in the environment (and reloads a changed file).
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(FolderLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("bot", "templates"))
    # Sandboxed: a template is a file anyone with write access to TEMPLATES_DIR may change, and it renders
    # inside the bot's process; no __class__/__subclasses__ walk to the interpreter, no range() of a billion.
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(_AUTOESCAPED),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["discord"] = discord_text
    env.filters["iso"] = iso
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; any template fault becomes a ConfigError naming TEMPLATES_DIR.

    Raises:
        ConfigError: when the template is missing, does not compile, or fails while rendering.
    """
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(
            SETTING, f"template {exc.filename or exc.name or name} line {exc.lineno}: {exc.message}"
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(SETTING, f"template {exc.name} not found in {_where(env)}") from exc
    except OutsideTemplateError as exc:
        raise ConfigError(SETTING, str(exc)) from exc
    except (
        jinja2.TemplateError,  # the sandbox's SecurityError too
        TypeError,
        ValueError,
        AttributeError,
        LookupError,
        ArithmeticError,  # {{ 1/0 }}; range() past the sandbox's limit is an OverflowError
        RecursionError,  # a template that includes itself
    ) as exc:
        raise ConfigError(SETTING, f"template {name} failed: {type(exc).__name__}: {exc}") from exc


def check(env: jinja2.Environment, names: Iterable[str]) -> list[str]:
    """Compile every named template; return the names.

    Raises:
        ConfigError: naming the first template that is missing or does not compile.
    """
    checked = []
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(SETTING, f"template {exc.filename or name} line {exc.lineno}: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            raise ConfigError(SETTING, f"template {exc.name} not found in {_where(env)}") from exc
        except OutsideTemplateError as exc:
            raise ConfigError(SETTING, str(exc)) from exc
        checked.append(name)
    return checked


def _where(env: jinja2.Environment) -> str:
    loader = env.loader
    if isinstance(loader, jinja2.ChoiceLoader) and isinstance(loader.loaders[0], jinja2.FileSystemLoader):
        return f"{loader.loaders[0].searchpath[0]} or the bundled templates"
    return "the bundled templates"
