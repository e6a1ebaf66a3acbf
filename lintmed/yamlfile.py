"""The safe YAML reader of rule files and configs: line marks, no surprises, bounded.

Every mapping and list parse_yaml returns knows its own 1-based line and the line of each
of its keys or items (``Marked``, ``MarkedList``; ``line_of`` and ``key_line`` read them),
for errors that name file and line; the data itself holds nothing else. A key given twice
is an error; only true/false are booleans; a file too large, or one whose aliases expand
too far, is refused. A problem is a RulesError naming the file and line
(lintmed.workflow.config turns it into a ConfigError).
"""
from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from lintmed.errors import RulesError


class Marked(dict):
    """A mapping parse_yaml read: a dict that also knows its own 1-based line (``line``,
    its first key's) and each of its keys' (``lines``)."""

    line: int | None = None
    lines: Mapping[Any, int] = MappingProxyType({})


class MarkedList(list):
    """A list parse_yaml read: also knows its own line and each item's (``lines``, by index)."""

    line: int | None = None
    lines: Mapping[int, int] = MappingProxyType({})


def line_of(value, default: int | None = None) -> int | None:
    """The line ``value`` starts at when parse_yaml read it, else ``default``."""
    line = getattr(value, "line", None) if isinstance(value, (Marked, MarkedList)) else None
    return default if line is None else line


def key_line(value, key, default: int | None = None) -> int | None:
    """The line of ``key`` in a mapping (or of item ``key`` of a list), else the line of
    ``value`` itself, else ``default``."""
    if isinstance(value, (Marked, MarkedList)) and key in value.lines:
        return value.lines[key]
    return line_of(value, default)


def marked(mapping: dict, like) -> Marked:
    """``mapping`` marked with the lines of ``like`` (a Marked it was made from)."""
    out = Marked(mapping)
    out.line, out.lines = line_of(like), getattr(like, "lines", out.lines)
    return out


# Rule files and configs may come from a repository lintmed does not trust: reading one
# is bounded. rules.yaml is 166 KB and about 10,000 YAML nodes.
MAX_YAML_BYTES = 2_000_000
MAX_YAML_NODES = 200_000  # counted with every alias expanded (an alias bomb is tiny on disk)


@lru_cache(maxsize=1)
def _loader():
    import yaml  # lazy: see parse_yaml

    # libyaml's parser when PyYAML has it (6x faster on rules.yaml), same constructor.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):
        """Builds Marked mappings and MarkedLists (each knows its lines, for error
        messages), and refuses a key given twice in one mapping (YAML would silently keep
        the last).

        Only true/false are booleans: rule files are full of words such as
        "no", "on" and "off" that YAML 1.1 would silently turn into booleans.
        """

        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

        def construct_marked(self, node):
            data = Marked()
            yield data  # first, as SafeLoader's own: an alias may lead back into it
            seen = set()
            for key_node, _ in node.value:
                key = (key_node.tag, key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {short(key_node.value)}", key_node.start_mark)
                if key is not None:
                    seen.add(key)
            data.update(self.construct_mapping(node))
            data.line = node.start_mark.line + 1
            data.lines = {self.construct_object(key_node): key_node.start_mark.line + 1
                          for key_node, _ in node.value if isinstance(key_node, yaml.ScalarNode)}

        def construct_marked_list(self, node):
            data = MarkedList()
            yield data
            data.extend(self.construct_sequence(node))
            data.line = node.start_mark.line + 1
            data.lines = {i: item.start_mark.line + 1 for i, item in enumerate(node.value)}

    LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_marked)
    LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_marked_list)
    LineLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    return LineLoader


def _expanded_size(root, limit: int) -> int | None:
    """How many nodes the document has once every alias is expanded, counted without
    expanding anything (an alias is the node it names); None when over ``limit``."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the path from the root: an alias to one of them is a cycle
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = ([n for pair in node.value for n in pair] if isinstance(node.value, list)
                    and node.value and isinstance(node.value[0], tuple)
                    else node.value if isinstance(node.value, list) else [])
        if done:
            open_nodes.discard(id(node))
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > limit:
                return None
            sizes[id(node)] = total
        elif id(node) not in sizes:
            if id(node) in open_nodes:
                raise RecursionError  # parse_yaml: "an alias inside the value it names"
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children)
    return sizes[id(root)]


def parse_yaml(text: str, path: str, bounded: bool = True) -> Any:
    """Parse YAML with line marks; a syntax error names file and line. Bounded: a file
    over MAX_YAML_BYTES, or over MAX_YAML_NODES with its aliases expanded, is refused.
    ``bounded`` False is for lintmed's own rules.yaml, trusted as its code is: counting
    its nodes was a third of parsing it."""
    # Imported here, not at the top: a run whose rule set comes from the cache
    # (lintmed.storage.cache) parses no YAML, and importing PyYAML is ~30 ms of its start-up.
    import yaml

    if len(text) > MAX_YAML_BYTES:
        raise RulesError(f"file too large ({len(text):,} characters; at most {MAX_YAML_BYTES:,})", path)
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if bounded and _expanded_size(node, MAX_YAML_NODES) is None:
            raise RulesError(f"too many values once aliases are expanded (over {MAX_YAML_NODES:,}); "
                             "is it an alias bomb?", path)
        return loader.construct_document(node)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RulesError(f"invalid YAML: {_first_line(exc.problem or exc)}", path, line) from None
    except yaml.YAMLError as exc:
        raise RulesError(f"invalid YAML: {_first_line(exc)}", path) from None
    except RecursionError:
        raise RulesError("invalid YAML: nested too deeply, or an alias inside the value it names", path) from None
    finally:
        loader.dispose()


def _first_line(value, limit: int = 200) -> str:
    text = str(value).strip().splitlines()[0] if str(value).strip() else ""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters: an error never echoes a huge value."""
    text = repr(plain(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def plain(value):
    """``value`` with every Marked mapping and MarkedList in it made a plain dict and list."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
