"""The one jinja2 environment: templates from TEMPLATES_DIR first, the bundled ``bot/templates/`` second.

Digests, search results, the newsletter and webhook payloads all render through :func:`environment`, so a
template, a filter or an escaping rule behaves the same wherever it is used. Templates named ``*.html.j2``
(or ``.htm``/``.xml``) are autoescaped for HTML; the others get text already escaped for their format
(``bot/digest/views.py``), or use the ``md`` and ``discord`` filters.
"""

from __future__ import annotations

import ctypes
import functools
import math
import os
import posixpath
import threading
import time
import types
from collections.abc import Callable, Iterable, Mapping, Sized
from pathlib import Path
from typing import Any

import jinja2
import jinja2.debug  # jinja2 imports it at a render's first error, where a stop sent again cut the import short
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from bot.digest.escape import discord_text, escape_markdown
from bot.digest.views import iso
from bot.errors import ConfigError

SETTING = "TEMPLATES_DIR"
_AUTOESCAPED = ["html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"]
# No rendering is longer, and no value a template builds on the way (the largest newsletter is a few hundred kB).
RENDER_MAX = 5_000_000
# No rendering takes longer (a digest takes milliseconds): two nested loops over range() had no end in sight.
RENDER_SECONDS = 10.0
_POWER_BITS_MAX = 64_000  # a power of more bits than this has more digits than RENDER_MAX allows


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


class RenderLimitError(SecurityError):
    """A template went past :data:`RENDER_MAX` characters or :data:`RENDER_SECONDS`: stopped, said in one line."""


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with what it leaves open bounded: the size of what a template builds, and its time.

    The sandbox bounds range() only: ``{{ 'a' * 10**9 }}`` took 5 GB, ``'x'|center(10**9)`` 5 GB, and two nested
    loops over range(100000) never ended. Products, sums and powers are checked before they are made, a call or
    filter is refused an integer over :data:`RENDER_MAX`, the output stops at that length, and a template's
    own code stops after :data:`RENDER_SECONDS` (:func:`render`).
    """

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:  # noqa: ANN401
        """Refuse a product, sum or power larger than :data:`RENDER_MAX`, then compute it."""
        if operator == "*":
            for items, times in ((left, right), (right, left)):
                if isinstance(items, Sized) and isinstance(times, int) and len(items) * times > RENDER_MAX:
                    raise RenderLimitError(f"a value over {RENDER_MAX:,} characters or items")
        elif operator == "+":
            if isinstance(left, Sized) and isinstance(right, Sized) and len(left) + len(right) > RENDER_MAX:
                raise RenderLimitError(f"a value over {RENDER_MAX:,} characters or items")
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and abs(left).bit_length() * right > _POWER_BITS_MAX
        ):
            raise RenderLimitError(f"a number of over {_POWER_BITS_MAX:,} bits")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401, N805
        """Call from template code, bounded: no integer argument over :data:`RENDER_MAX` (a width, a count).

        A ``str.replace`` that would grow past it is refused before it is made, and any result past it after.
        """
        _check_sizes(args, kwargs)
        if isinstance(__obj, types.BuiltinMethodType) and __obj.__name__ == "replace" and type(__obj.__self__) is str:
            _check_replace(__obj.__self__, args)
        result = super().call(__context, __obj, *args, **kwargs)
        if type(result) in _SIZED and len(result) > RENDER_MAX:
            raise RenderLimitError(f"a value over {RENDER_MAX:,} characters or items")
        return result


def _check_sizes(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > RENDER_MAX:
            raise RenderLimitError(f"a number over {RENDER_MAX:,} given to a filter or call")


# A value past the bound stops the render before the next filter or call multiplies it again.
_SIZED = frozenset({str, list, tuple, dict, Markup})


def _check_replace(value: object, args: tuple[Any, ...], kwargs: Mapping[str, Any] | None = None) -> None:
    """Refuse a replacement whose result would be longer than :data:`RENDER_MAX`, before it is made.

    Bounding each result is not enough: one step from a value within the bound, ``replace('a', 'a' * 1000)``,
    made billions of characters before the result could be seen.
    """
    args = (*args, *(kwargs or {}).values())
    if len(args) < 2 or not isinstance(value, str) or not isinstance(args[0], str) or not isinstance(args[1], str):
        return
    old, new = args[0], args[1]
    if len(new) <= len(old):
        return
    count = value.count(old) if old else len(value) + 1
    if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
        count = min(count, args[2])
    if len(value) + count * (len(new) - len(old)) > RENDER_MAX:
        raise RenderLimitError(f"a value over {RENDER_MAX:,} characters or items")


def _check_indent(value: object, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    width = args[0] if args else kwargs.get("width", 4)
    step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if isinstance(value, str) and len(value) + (value.count("\n") + 1) * step > RENDER_MAX:
        raise RenderLimitError(f"a value over {RENDER_MAX:,} characters or items")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    # jinja2 passes the eval context first to the filters marked for it (replace among them), then the value.
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    growth = {"replace": _check_replace, "indent": _check_indent}.get(name)

    @functools.wraps(function)  # keeps jinja2's pass_context / pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        _check_sizes(args[skip + 1 :], kwargs)
        if growth is not None and len(args) > skip:
            growth(args[skip], args[skip + 1 :], kwargs)
        result = function(*args, **kwargs)
        if type(result) in _SIZED and len(result) > RENDER_MAX:
            raise RenderLimitError(f"a value over {RENDER_MAX:,} characters or items")
        return result

    return bounded


@functools.lru_cache(maxsize=8)
def _environment(templates_dir: Path | None) -> jinja2.Environment:
    # One per folder, kept: jinja2 caches compiled templates in the environment (and reloads a changed file).
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(FolderLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("bot", "templates"))
    # Sandboxed: a template is a file anyone with write access to TEMPLATES_DIR may change, and it renders
    # inside the bot's process; no __class__/__subclasses__ walk to the interpreter, no range() of a billion.
    env = BoundedEnvironment(
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
    env.filters = {name: _bounded_filter(name, function) for name, function in env.filters.items()}
    del env.globals["lipsum"]  # lipsum(100000) made 200 MB of Latin in 9 seconds; no digest needs it
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; any template fault becomes a ConfigError naming TEMPLATES_DIR.

    Raises:
        ConfigError: when the template is missing, does not compile, or fails while rendering.
    """
    try:
        return _bounded_render(env, env.get_template(name), context)
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


class RenderTimeoutError(RenderLimitError):
    """Raised in a rendering thread by :data:`_WATCHDOG` once the render has run :data:`RENDER_SECONDS`."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or f"still rendering after {RENDER_SECONDS:g} seconds")


# A render still running this long after a stop is stopped again: a stop raised while the rendering thread runs a gc
# callback, a weakref callback or a __del__ is reported as unraisable and lost. From a stop to the render's end took
# 0.1 ms (median, up to 30 ms on a loaded host); four runaway renders stopped at once, up to 0.25 s, and 2 % of
# their stops were sent again at 0.1 s (8 % at 0.05 s): harmless, raised as the render ends or withdrawn.
REFIRE_SECONDS = 0.1
_STOP = ctypes.py_object(RenderTimeoutError)
_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc


class _Watch:
    """One render's watch: its thread, when it is next stopped, whether a stop was sent, whether it has ended."""

    __slots__ = ("due", "ended", "fired", "thread")

    def __init__(self, deadline: float) -> None:
        self.thread = ctypes.c_ulong(threading.get_ident())
        self.due = deadline
        self.fired = False
        self.ended = False


class _Watchdog:
    """One thread that stops a render running past its deadline, at no cost to renders that finish in time.

    A render registers a :class:`_Watch` of its thread and deadline; past the deadline the watchdog raises
    :class:`RenderTimeoutError` in that thread (``PyThreadState_SetAsyncExc``: delivered at the next bytecode,
    so a template's loop doing nothing is stopped too), and again every :data:`REFIRE_SECONDS` until the render
    has ended (a stop can be lost, see there; a runaway template then ran for ever). A trace on every line and
    call did the same at half again the digest's time. The thread starts with the first render and sleeps until
    the nearest deadline; it is woken only for a deadline nearer than that (a wake for each of a digest's renders,
    the two threads passing the interpreter's lock, took a third again of the digest's time).

    No stop is ever raised after the render (in the digest's code, the event loop, the thread's next render):

    - The watchdog sends a stop only under :attr:`lock`, and only to a watch not marked ended.
    - :func:`_bounded_render` marks its watch ended under that lock as the first thing its ``finally:`` does,
      before any call. CPython (3.11) raises a stop only after a call, at a function's start or at a loop's jump
      back, never in taking a lock with ``with`` or setting an attribute, so no stop lands before the mark to
      leave the watch live and stopped again after the render. A method ``release()`` called there was not
      safe: a stop raised at its start left the watch live (a retry loop around it has a jump back outside its
      ``try``). The lock is a ``threading.Lock``, not a ``Condition``, whose ``__enter__`` is Python: a stop
      raised there once the lock was taken left it held, and the watchdog and every later render waited for ever
      (a stress test of four threads hung so in half its runs).
    - A stop sent before the mark is raised inside the render or its ``finally:`` (or lost there), or withdrawn
      by :meth:`end` under the lock (one stop at most is pending: a new one replaces it). Raised at the call of
      :meth:`end`, it leaves the watch in :attr:`_watches` marked ended: the watchdog drops it when it comes due.
    - The watch is started inside the ``try``: a stop sent as :meth:`watch` returns is raised in the render.
    - Each render has its own watch object, so a thread that renders again (``asyncio.to_thread`` workers, the
      event loop) is never stopped on behalf of its earlier render.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._wake = threading.Condition(self.lock)
        self._watches: set[_Watch] = set()
        self._thread: threading.Thread | None = None
        self._asleep_until = math.inf

    def watch(self, watch: _Watch) -> None:
        """Start ``watch``: its thread is stopped once ``watch.due`` has passed and until the watch has ended."""
        with self.lock:
            self._watches.add(watch)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="template-watchdog", daemon=True)
                self._thread.start()
            if watch.due < self._asleep_until:
                self._asleep_until = watch.due
                self._wake.notify()

    def end(self, watch: _Watch) -> None:
        """Forget ``watch``, marked ended under :attr:`lock` (held); withdraw a stop sent and not yet raised."""
        self._watches.discard(watch)
        if watch.fired:
            _set_async_exc(watch.thread, None)

    def _run(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for watch in [w for w in self._watches if w.due <= now]:
                    if watch.ended:
                        self._watches.discard(watch)
                        continue
                    watch.fired = True
                    watch.due = now + REFIRE_SECONDS
                    _set_async_exc(watch.thread, _STOP)
                self._asleep_until = min((w.due for w in self._watches), default=math.inf)
                self._wake.wait(None if self._asleep_until == math.inf else self._asleep_until - now)


_WATCHDOG = _Watchdog()


def _bounded_render(env: jinja2.Environment, template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """Render, stopping at :data:`RENDER_MAX` characters and after :data:`RENDER_SECONDS` (:class:`_Watchdog`)."""
    watch = _Watch(time.monotonic() + RENDER_SECONDS)
    try:
        _WATCHDOG.watch(watch)  # in the try: see _Watchdog
        parts: list[str] = []
        size = 0
        for part in template.generate(context):
            size += len(part)
            if size > RENDER_MAX:
                raise RenderLimitError(f"longer than {RENDER_MAX:,} characters")
            parts.append(part)
        return "".join(parts)
    finally:
        with _WATCHDOG.lock:  # no call before the mark: see _Watchdog
            watch.ended = True
            _WATCHDOG.end(watch)


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
