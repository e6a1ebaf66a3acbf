"""The configuration and rule set a command runs with: the config file (given, or the
nearest one), the rule set with the config's and the command line's rule files layered
on, ``select`` replacing the config's select and ``ignore`` adding to its ignore (as in ruff)."""
from __future__ import annotations

from lintmed.rules.load import load_ruleset
from lintmed.rules.model import RuleSet
from lintmed.workflow.config import Config, apply_to_ruleset, check_names, find_config, load_config_file


def load_config(config_path: str | None) -> Config:
    """``config_path``'s config, or without it the nearest one (an empty Config if none)."""
    return load_config_file(config_path) if config_path else find_config()


def ruleset_for(config: Config, rule_files=(), select=(), ignore=()) -> RuleSet:
    """The rule set of one config, with the command line's rule files, --select and --ignore."""
    ruleset = load_ruleset([*config.rules, *rule_files])
    check_names(select, ruleset, "--select")
    check_names(ignore, ruleset, "--ignore")
    if select:
        config.select = list(select)
    config.ignore = [*config.ignore, *ignore]
    return apply_to_ruleset(config, ruleset)
