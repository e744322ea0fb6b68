"""The house shows its layers: interfaces on top, services below, models at the bottom; no cycles; small rooms."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

COMPOSER = Path(__file__).resolve().parent.parent / "composer"
# Rooms from the top down: a room may import the rooms below it, never one above it.
LAYERS = [
    {"views", "api", "cli", "devsetup", "__init__"},
    {"demo", "backup", "jobs"},
    {"issues"},
    {"delivery"},
    {"ingest"},
    {"email", "library", "accounts", "revisions", "trash"},
    {"models", "extensions", "errors", "text", "sanitize", "domain"},
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in COMPOSER.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(COMPOSER.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The composer modules a file imports (at any level: a deferred import still runs back up; those for the
    type checker alone never run)."""
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):  # imports for type checkers only never run
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING"):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("composer."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("composer"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in modules else node.module)
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {i for i in _imports(path, modules) if i in modules and i != name}
            for name, path in modules.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(room: str) -> int:
    return next(index for index, rooms in enumerate(LAYERS) if room in rooms)


def test_every_room_of_composer_has_a_place_in_the_layers() -> None:
    rooms = {_room(module) for module in _modules()}
    assert rooms <= set().union(*LAYERS), rooms - set().union(*LAYERS)


def test_no_room_imports_a_room_above_it() -> None:
    upward = [f"{module} → {target}" for module, targets in _graph().items() for target in targets
              if _room(module) != _room(target) and _layer(_room(target)) < _layer(_room(module))]
    assert upward == []


def test_rooms_import_each_other_without_cycles() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, targets in _graph().items():
        for target in targets:
            if _room(module) != _room(target):
                edges[_room(module)].add(_room(target))
    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in edges[start])

    assert sorted(room for room in list(edges) if reaches(room, room, {room})) == []


def test_no_module_is_over_400_lines_and_at_most_15_sit_directly_in_composer() -> None:
    long = {str(path.relative_to(COMPOSER)): n for path in _modules().values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
    assert len(list(COMPOSER.glob("*.py"))) <= 15
