"""Find and validate configuration: ``.lintmed.yaml`` or ``[tool.lintmed]``.

The schema is data: ``SCHEMA`` maps each key to (Config attribute, checker). Errors
name the file, the line of the key at fault, and the key path. The YAML is read with
the rule files' YAML reader (``lintmed.yamlfile.parse_yaml``: line marks, size bounds);
TOML's reader gives no lines, so ``toml_key_lines`` finds each key's line in the text.
"""
from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from lintmed.engine.suppress import CATEGORY as SUPPRESSION, META_RULES
from lintmed.errors import ConfigError, RulesError
from lintmed.findings import SEVERITIES
from lintmed.rules.model import CATEGORIES
from lintmed.yamlfile import MAX_YAML_BYTES, Marked, MarkedList, key_line, parse_yaml, short as _short
from lintmed.storage.files import glob_match, glob_problem, read_setting, relative_to

CONFIG_NAMES = (".lintmed.yaml", ".lintmed.yml")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class Config:
    path: str | None = None
    fail_on: str = "warning"
    rules: list[str] = field(default_factory=list)
    include: list[str] | None = None
    exclude: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    model: str | None = None
    # The learned claim detector (lintmed.engine.detector): on/off, and its threshold (None: the model's).
    # On by default: cross-validated, it adds recall for little false-positive cost (README, "Learned detector").
    detector: bool = True
    detector_threshold: float | None = None
    # glob (relative to the config file's folder) -> rule ids / categories not reported there
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    # Apply `exclude` to files named on the command line too (as pre-commit names them).
    force_exclude: bool = False
    # key path ("severity", "severity.cure-claim", "select[2]") -> its line in the file, for later errors
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, where: str) -> int | None:
        """The line of key path ``where`` ("select[2]"), else of the nearest key above it ("select")."""
        while where not in self.lines and where.endswith("]") and "[" in where:
            where = where[:where.rindex("[")]
        return self.lines.get(where)

    def root(self) -> Path | None:
        """The config file's folder: globs and relative paths in the config start there."""
        return Path(self.path).parent if self.path else None

    def ignores(self, finding) -> bool:
        """Whether per-path-ignores drop ``finding`` (by rule id or category)."""
        if finding.category == SUPPRESSION and {finding.rule, SUPPRESSION} & set(self.ignore):
            return True  # plain `ignore` also reaches the suppression-comment findings
        if not self.per_path_ignores or finding.path.startswith("<"):
            return False
        rel = relative_to(finding.path, self.root() or Path.cwd())
        return any(
            (finding.rule in names or finding.category in names) and glob_match(glob, rel)
            for glob, names in self.per_path_ignores.items()
        )


def _str_list(value, where, fail):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        fail(where, "expected a list of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            fail(where, "expected a list of strings", key_line(value, i))
    return list(value)


def _glob_list(value, where, fail):
    globs = _str_list(value, where, fail)
    for i, glob in enumerate(globs):
        _check_glob(glob, where, fail, key_line(value, i))
    return globs


def _check_glob(glob, where, fail, line=None) -> None:
    problem = glob_problem(glob)
    if problem:
        fail(where, f"bad glob {_short(glob)}: {problem}", line)


def _choice(choices):
    def check(value, where, fail):
        if not isinstance(value, str) or value not in choices:
            fail(where, f"expected one of {', '.join(choices)}, got {_short(value)}")
        return value
    return check


def _severity_map(value, where, fail):
    if not isinstance(value, dict):
        fail(where, "expected a mapping of rule id to severity")
    for key, sev in value.items():
        if not isinstance(key, str):
            fail(where, f"expected rule ids as keys, got {_short(key)}", key_line(value, key))
        if not isinstance(sev, str) or sev not in SEVERITIES:
            fail(f"{where}.{key}", f"expected one of {', '.join(SEVERITIES)}, got {_short(sev)}", key_line(value, key))
    return dict(value)


def _path_ignores(value, where, fail):
    if not isinstance(value, dict):
        fail(where, 'expected a mapping of path glob to rule ids or categories, e.g. {"blog/*.md": [hype]}')
    out = {}
    for glob, names in value.items():
        here = key_line(value, glob)

        def fail_here(where_, problem, at=None):
            fail(where_, problem, at or here)

        if not isinstance(glob, str) or not glob.strip():
            fail_here(where, f'expected a path glob (a string) as each key, got {_short(glob)}; quote it: "{glob}"')
        _check_glob(glob, f"{where}.{glob}", fail_here)
        out[glob] = _str_list(names, f"{where}.{glob}", fail_here)
    return out


def _string(value, where, fail):
    if not isinstance(value, str) or not value:
        fail(where, "expected a string")
    return value


def _bool(value, where, fail):
    if not isinstance(value, bool):
        fail(where, f"expected true or false, got {_short(value)}")
    return value


def _probability(value, where, fail):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        fail(where, f"expected a number between 0 and 1 (exclusive), got {_short(value)}")
    return float(value)


# config key -> (attribute, checker)
SCHEMA = {
    "fail-on": ("fail_on", _choice(FAIL_ON)),
    "rules": ("rules", _str_list),
    "include": ("include", _glob_list),
    "exclude": ("exclude", _glob_list),
    "select": ("select", _str_list),
    "ignore": ("ignore", _str_list),
    "severity": ("severity", _severity_map),
    "model": ("model", _string),
    "detector": ("detector", _bool),
    "detector-threshold": ("detector_threshold", _probability),
    "per-path-ignores": ("per_path_ignores", _path_ignores),
    "force-exclude": ("force_exclude", _bool),
}


def parse_config(data, path: str, line: int | None = None) -> Config:
    """The Config that ``data`` (a mapping read by parse_yaml, or marked by toml_key_lines)
    holds; a ConfigError names the line of the key at fault."""
    config = Config(path=path)
    if data is None:
        return config
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings", path, line)
    for key, value in data.items():
        here = key_line(data, key, line)

        def fail(where, problem, at=None):
            raise ConfigError(f"{where}: {problem}" if where else problem, path, at or here)

        if not isinstance(key, str) or key not in SCHEMA:
            fail(str(key), f"unknown key (allowed: {', '.join(sorted(SCHEMA))})")
        attr, check = SCHEMA[key]
        setattr(config, attr, check(value, key, fail))
        config.lines.update(_lines(value, key, here))
    base = Path(path).parent
    config.rules = [_inside_project(base, r, path, config.line(f"rules[{i}]")) for i, r in enumerate(config.rules)]
    return config


def _lines(value, where: str, line: int | None) -> dict[str, int]:
    """The line of ``where`` and of every key and item below it, by key path ("severity.x", "select[2]")."""
    out = {where: line}
    if isinstance(value, (Marked, MarkedList)):
        for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
            out.update(_lines(item, f"{where}[{key}]" if isinstance(value, list) else f"{where}.{key}",
                              key_line(value, key, line)))
    return out


def project_root(folder: Path) -> Path:
    """The project a config in ``folder`` belongs to: its repository (the nearest folder
    upward that is a repository root), else the working folder when ``folder`` is inside it,
    else ``folder`` itself."""
    folder = Path(os.path.realpath(folder))
    for candidate in (folder, *folder.parents):
        if is_repository_root(candidate):
            return candidate
    here = Path(os.path.realpath(Path.cwd()))
    return here if here == folder or here in folder.parents else folder


def _inside_project(base: Path, rule_file: str, path: str, line: int | None) -> str:
    """A rule file a config names, which must lie inside the config's project (project_root):
    a config comes with the repository, and must not make lintmed read files elsewhere
    (``rules: [../../secrets.yaml]``). ``--rules`` on the command line may name any file."""
    full = base / rule_file
    root = project_root(base)
    real = Path(os.path.realpath(full))
    if real != root and root not in real.parents:
        raise ConfigError(f"rules: {_short(rule_file, 300)} is outside the project ({root}); a config may only "
                          "name rule files inside it (use --rules to name one elsewhere)", path, line)
    return str(full)


def load_config_file(path: str) -> Config:
    p = Path(path)
    text = read_setting(path, MAX_YAML_BYTES, ConfigError, "config file")
    if p.name == "pyproject.toml":
        return _from_pyproject(text, path)
    try:
        data = parse_yaml(text, path)
    except RulesError as exc:
        raise ConfigError(exc.message, path, exc.line) from None
    return parse_config(data, path, 1)


def _from_pyproject(text: str, path: str) -> Config:
    try:
        data = tomllib.loads(text)  # its errors say "(at line N, column M)" themselves
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    lines = toml_key_lines(text)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):  # `tool = 5`: TOML, but no pyproject.toml (PEP 518)
        raise ConfigError(f"tool: expected a table ([tool.lintmed]), got {_short(tool)}", path, lines.get(("tool",)))
    section = tool.get("lintmed")
    if section is None:
        return Config(path=None)
    try:
        return parse_config(_marked(section, lines, ("tool", "lintmed")), path, lines.get(("tool", "lintmed")))
    except ConfigError as exc:
        raise ConfigError(f"[tool.lintmed] {exc.message}", path, exc.line) from None


# TOML keys, bare or quoted, dotted; a table header; a key at the start of a line.
_TOML_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_TOML_DOTTED = rf"{_TOML_KEY}(?:[ \t]*\.[ \t]*{_TOML_KEY})*"
_TOML_TABLE = re.compile(rf"[ \t]*\[\[?[ \t]*({_TOML_DOTTED})[ \t]*\]")
_TOML_ASSIGN = re.compile(rf"[ \t]*({_TOML_DOTTED})[ \t]*=")


def toml_key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each key (and table) of a TOML text that tomllib accepted, by its full
    key path: tomllib gives values only. A key is found where a line starts with it (in a
    table header or before ``=``), outside multi-line strings; each item of an array a key
    is given has its own line too, by the key's path and the item's index (``("tool",
    "lintmed", "exclude", 2)``). Keys inside an inline table are not found, and take the
    line of the key that holds them."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string = None  # the quotes that close the multi-line string being read
    rows = text.splitlines()
    row = 0
    while row < len(rows):
        line, number = rows[row], row + 1
        row += 1
        if in_string:
            if line.count(in_string) % 2:
                in_string = None
            continue
        header = _TOML_TABLE.match(line)
        assign = None if header else _TOML_ASSIGN.match(line)
        if header:
            table = _toml_key_path(header.group(1))
            key = table
        elif assign:
            key = table + _toml_key_path(assign.group(1))
            rest = line[assign.end():]
            if rest.lstrip().startswith("["):  # an array: its items' lines, and on after its end
                items, row = _toml_array_items(rows, number - 1, len(line) - len(rest.lstrip()))
                lines.update(((*key, index), at) for index, at in items.items())
            else:
                in_string = next((q for q in ('"""', "'''") if rest.count(q) % 2), None)
        else:
            continue
        for end in range(1, len(key) + 1):
            lines.setdefault(key[:end], number)
    return lines


def _toml_array_items(rows: list[str], row: int, column: int) -> tuple[dict[int, int], int]:
    """The 1-based line of each item of the TOML array that opens at ``rows[row][column]``
    ("[", in a text tomllib accepted), by index, and the row after the one it closes in.
    Strings (one line or multi-line), comments and nested arrays and inline tables are
    read over; only the array's own commas count."""
    items: dict[int, int] = {}
    depth, index, expecting = 0, 0, True
    column += 1
    while row < len(rows):
        line = rows[row]
        while column < len(line):
            c = line[column]
            if c == "#":
                break
            if c in " \t":
                column += 1
                continue
            if depth == 0 and expecting and c not in ",]":
                items[index], expecting = row + 1, False
            if c in "\"'":
                row, column = _toml_string_end(rows, row, column)
                line = rows[row]
                continue
            if c in "[{":
                depth += 1
            elif c in "]}":
                if not depth:
                    return items, row + 1
                depth -= 1
            elif c == "," and not depth:
                index, expecting = index + 1, True
            column += 1
        row, column = row + 1, 0
    return items, row


def _toml_string_end(rows: list[str], row: int, column: int) -> tuple[int, int]:
    """(row, column) just after the TOML string that opens at ``rows[row][column]``."""
    line = rows[row]
    quote = line[column]
    if line.startswith(quote * 3, column):  # multi-line: up to three quotes (and up to two more)
        column += 3
        while row < len(rows):
            line = rows[row]
            end = _unescaped(line, quote * 3, column, quote == '"')
            if end >= 0:
                end += 3
                for _ in range(2):  # a string may end in one or two of its quotes
                    end += end < len(line) and line[end] == quote
                return row, end
            row, column = row + 1, 0
        return len(rows) - 1, len(rows[-1])
    end = _unescaped(line, quote, column + 1, quote == '"')
    return row, len(line) if end < 0 else end + 1


def _unescaped(line: str, quote: str, start: int, escapes: bool) -> int:
    """Where ``quote`` first stands in ``line`` from ``start`` not after a backslash escape
    (basic strings only), else -1."""
    at = start
    while at < len(line):
        if escapes and line[at] == "\\":
            at += 2
            continue
        if line.startswith(quote, at):
            return at
        at += 1
    return -1


def _toml_key_path(dotted: str) -> tuple[str, ...]:
    """("a", "b c") for ``a."b c"``, as TOML reads it."""
    node, path = tomllib.loads(f"{dotted} = 0"), []
    while isinstance(node, dict):
        [(key, node)] = node.items()
        path.append(key)
    return tuple(path)


def _marked(value, lines: dict[tuple, int], at: tuple):
    """A TOML table as parse_yaml would give it: each mapping knows its line and its keys',
    each array its line and its items'."""
    if isinstance(value, list):
        items = MarkedList(_marked(v, lines, (*at, i)) for i, v in enumerate(value))
        items.line = lines.get(at)
        items.lines = {i: lines[(*at, i)] for i in range(len(value)) if (*at, i) in lines}
        return items
    if not isinstance(value, dict):
        return value
    out = Marked({key: _marked(v, lines, (*at, key)) for key, v in value.items()})
    out.line = lines.get(at)
    out.lines = {key: lines[(*at, key)] for key in value if (*at, key) in lines}
    return out


def _config_in(folder: Path) -> Config | None:
    """The config file of ``folder`` itself: .lintmed.yaml, else [tool.lintmed] in pyproject.toml."""
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return load_config_file(str(folder / name))
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        config = load_config_file(str(pyproject))
        if config.path:
            return config
    return None


def is_repository_root(folder: Path) -> bool:
    """A git work tree's top folder (``.git`` is a folder, or a file in a worktree or submodule)."""
    return (folder / ".git").exists()


def find_config(start: Path | None = None) -> Config:
    """The nearest config upward from ``start`` (default: the working folder), never above
    the repository root: a config outside the repository is someone else's."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = _config_in(folder)
        if config is not None:
            return config
        if is_repository_root(folder):
            break
    return Config()


class ConfigFinder:
    """The config that applies to each file: the nearest one upward from the file's folder,
    never above the repository root (as ruff finds its settings per file). Each folder is
    looked at once, and each config file is read once."""

    def __init__(self):
        self._by_folder: dict[Path, Config] = {}
        self._by_path: dict[str | None, Config] = {}
        self._by_file: dict[str, Config] = {}  # a run asks for each file's config twice

    def for_file(self, path: str) -> Config:
        config = self._by_file.get(path)
        if config is None:
            # realpath, not resolve(): a symlink loop must not raise (the read reports it)
            config = self._by_file[path] = self.for_folder(Path(os.path.realpath(path)).parent)
        return config

    def for_folder(self, folder: Path) -> Config:
        walked = []
        config = None
        for here in (folder, *folder.parents):
            if here in self._by_folder:
                config = self._by_folder[here]
                break
            walked.append(here)
            config = _config_in(here)
            if config is not None or is_repository_root(here):
                break
        config = config or Config()
        config = self._by_path.setdefault(config.path, config)  # one object per config file
        for here in walked:
            self._by_folder[here] = config
        return config


def selectable_names(ruleset) -> list[str]:
    """Every name select / ignore accept: rule ids, categories, the suppression-comment rules."""
    return [*ruleset.rules, *CATEGORIES, *META_RULES, SUPPRESSION]


def unknown_name_problem(name: str, known) -> str:
    """'unknown rule id or category 'x'; did you mean 'y'?' (or where to find the names)."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else "; `lintmed rules` lists them"
    return f"unknown rule id or category {name!r}{hint}"


def check_names(names, ruleset, where: str, path: str | None = None, line: int | None = None) -> None:
    """ConfigError (with "did you mean") for the first name that is no rule id or category."""
    known = selectable_names(ruleset)
    for name in names:
        if name not in known:
            raise ConfigError(f"{where}: {unknown_name_problem(name, known)}", path, line)


def apply_to_ruleset(config: Config, ruleset):
    """select / ignore by rule id or category, and per-rule severity overrides."""
    for key in ("select", "ignore"):
        for i, name in enumerate(getattr(config, key)):
            check_names([name], ruleset, key, config.path, config.line(f"{key}[{i}]"))
    # Per-path ignores may also name the suppression-comment findings (lintmed.engine.suppress).
    for glob, names in config.per_path_ignores.items():
        for i, name in enumerate(names):
            if name not in ruleset.ids() and name not in CATEGORIES and name not in (*META_RULES, SUPPRESSION):
                raise ConfigError(f"per-path-ignores.{glob}: unknown rule id or category {name!r}", config.path,
                                  config.line(f"per-path-ignores.{glob}[{i}]"))
    for rule_id in config.severity:
        if rule_id not in ruleset.rules:
            raise ConfigError(f"severity: unknown rule id {rule_id!r}", config.path,
                              config.lines.get(f"severity.{rule_id}"))

    def wanted(rule) -> bool:
        selected = not config.select or rule.id in config.select or rule.category in config.select
        ignored = rule.id in config.ignore or rule.category in config.ignore
        return selected and not ignored

    ruleset = ruleset.select(wanted)
    for rule_id, severity in config.severity.items():
        if rule_id in ruleset.rules:
            ruleset.rules[rule_id] = replace(ruleset.rules[rule_id], severity=severity)
    return ruleset


STARTER_CONFIG = """\
# lintmed configuration: see the README, section "Configuration".
# Every key is optional; an unknown key is an error. Paths and globs are
# relative to this file's folder.

# Exit 1 when a finding is at or above this severity: error | warning | info | never
fail-on: warning

# Folders are searched for these files (globs as in .gitignore: "*" stays in
# one folder, "**" spans folders)...
include: ["*.md", "*.markdown", "*.mdx", "*.html", "*.htm", "*.txt"]
# ...except these.
exclude: ["node_modules", "drafts/**"]
# Skip excluded files even when they are named on the command line, as pre-commit
# names them (the pre-commit hooks pass --force-exclude already).
# force-exclude: true

# Extra rule files layered over the built-in rules (see `lintmed rules`).
# rules: [compliance/our-rules.yaml]

# Only these rule ids or categories (empty: all)...
# select: [regulatory-status, disease-claim]
# ...and never these.
# ignore: [hype]

# Per-rule severity: error | warning | info
# severity:
#   superlative-hype: info

# Rule ids or categories not reported for some paths.
# per-path-ignores:
#   "blog/archive/**": [hype, urgency]

# A trained spaCy pipeline (installed name or path) instead of the built-in blank one.
# model: en_core_web_sm

# The learned claim detector (rule learned-claim), on by default: on or off, and the
# score (0-1) at which a sentence no rule flags is reported (default: the model's own).
# detector: false
# detector-threshold: 0.7
"""


def write_starter(folder: Path, force: bool = False) -> Path:
    """Write STARTER_CONFIG as ``folder/.lintmed.yaml``; never over an existing config
    unless ``force``."""
    target = folder / CONFIG_NAMES[0]
    existing = [folder / name for name in CONFIG_NAMES if (folder / name).exists()]
    if existing and not force:
        raise ConfigError("already exists; use --force to overwrite it", str(existing[0]))
    try:
        target.write_text(STARTER_CONFIG, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write config ({exc.strerror or exc.__class__.__name__})", str(target)) from None
    return target
