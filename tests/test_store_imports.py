"""The store is the bottom of the house: no module under bot/store/ imports anything from the layers above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot

PACKAGE = Path(bot.__file__).parent
ABOVE = ("bot.ingest", "bot.chat", "bot.webhooks", "bot.newsletter", "bot.digest", "bot.delivery", "bot.runner")
ALLOWED = ("bot.models", "bot.errors", "bot.clock", "bot.store", "bot.text", "bot.logs")


def bot_imports(path: Path) -> list[str]:
    """Every bot module a source file imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return [name for name in found if name == "bot" or name.startswith("bot.")]


STORE_MODULES = sorted(p.name for p in (PACKAGE / "store").glob("*.py") if p.name != "__init__.py")


def test_the_check_sees_every_store_module():
    assert {"articles.py", "feeds.py", "schedules.py", "deliveries.py", "newsletter.py", "db.py"} <= set(STORE_MODULES)


@pytest.mark.parametrize("module", STORE_MODULES)
def test_store_module_imports_only_lower_modules(module):
    imports = bot_imports(PACKAGE / "store" / module)
    above = [name for name in imports if name.startswith(ABOVE)]
    assert above == [], f"bot/store/{module} imports from above the store: {above}"
    assert all(name.startswith(ALLOWED) for name in imports), imports


def test_identity_helpers_are_pure():
    # bot.text.identity is what lets the store take identity keys as given: it must stay below the store.
    imports = bot_imports(PACKAGE / "text" / "identity.py")
    assert all(name in {"bot.models", "bot.text.similarity"} for name in imports), imports
