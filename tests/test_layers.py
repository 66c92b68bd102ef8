"""No import cycles in wijs, counting the imports inside functions too: every module can be read
after the modules it imports. The layers themselves are import-linter contracts in
pyproject.toml (`lint-imports`, run by scripts/test)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

import grimp


def import_cycles(
    modules: Iterable[str], imports: Callable[[str], Iterable[str]]
) -> list[list[str]]:
    """The groups of modules that import each other (strongly connected components of more than
    one module, or a module importing itself), each as one cycle through them, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in sorted(modules):
        if root in index:
            continue
        # Tarjan's algorithm without recursion: (module, its imports not yet visited)
        work = [(root, iter(sorted(imports(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, pending = work[-1]
            step = next(pending, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(imports(step)))))
                elif step in on_stack:
                    low[module] = min(low[module], index[step])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in imports(module):
                    groups.append(sorted(group))
    return [_one_cycle(group, imports) for group in sorted(groups)]


def _one_cycle(group: list[str], imports: Callable[[str], Iterable[str]]) -> list[str]:
    """A path from the group's first module back to itself, within the group."""
    members = set(group)
    start = group[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for imported in sorted(imports(module)):
                if imported == start:
                    path = [module]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if imported in members and imported not in came_from:
                    came_from[imported] = module
                    following.append(imported)
        frontier = following
    return group


def test_the_cycle_finder_finds_a_cycle_hidden_behind_other_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert import_cycles(graph, graph.__getitem__) == [["a", "b", "c", "a"], ["e", "e"]]
    assert import_cycles({"a": {"b"}, "b": set()}, {"a": {"b"}, "b": set()}.__getitem__) == []


def test_wijs_has_no_import_cycles() -> None:
    graph = grimp.build_graph("wijs", cache_dir=None)
    cycles = import_cycles(graph.modules, graph.find_modules_directly_imported_by)
    shown = []
    for cycle in cycles:
        shown.append(" -> ".join(cycle))
        for importer, imported in itertools.pairwise(cycle):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                shown.append(
                    f"    {importer} line {detail['line_number']}: {detail['line_contents']}"
                )
    assert not cycles, f"{len(cycles)} import cycle(s) in wijs:\n" + "\n".join(shown)
