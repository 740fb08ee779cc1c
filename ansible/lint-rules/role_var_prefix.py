"""var-naming[no-role-prefix] for Debian 12's ansible-lint 6.13, which predates it.

ansible-lint 6.16 added the check to its var-naming rule: inside a role, every variable the role
defines (its defaults/ and vars/ files, task `vars`, `set_fact`, `register`) must start with the
role's name and an underscore, so roles cannot silently override each other's variables. Variables
a role only reads (the cluster's k8s_* group vars, the inventory's host vars) are not affected.

.ansible-lint loads this file through `rulesdir`. A rule with an id of its own would be unloaded by
the production profile, so the profile's own var-naming rule is extended instead, reporting under
the same tag as upstream: skipping or ignoring `var-naming[no-role-prefix]` works the same way on
either version. On an ansible-lint that already has the check this module changes nothing.
"""
from __future__ import annotations

import inspect
import sys
from typing import Any

from ansible.parsing.yaml.objects import AnsibleUnicode

from ansiblelint.constants import LINE_NUMBER_KEY
from ansiblelint.errors import MatchError
from ansiblelint.file_utils import Lintable
from ansiblelint.rules.var_naming import VariableNamingRule
from ansiblelint.skip_utils import get_rule_skips_from_line
from ansiblelint.utils import parse_yaml_from_file

TAG = "var-naming[no-role-prefix]"


def _unprefixed(ident: Any, role: str) -> bool:
    """A variable name, defined inside `role`, that does not start with `<role>_`."""
    if not role or not isinstance(ident, str) or "{{" in ident:
        return False
    # Upstream accepts leading underscores before the prefix (`__k3s_server_tmp`).
    return not ident.lstrip("_").startswith(f"{role}_")


def _match(rule: VariableNamingRule, file: Lintable, ident: str, linenumber: int) -> MatchError:
    return rule.create_matcherror(
        filename=file,
        linenumber=linenumber,
        message=f"Variables names from within roles should use {file.role}_ as a prefix: {ident}",
        tag=TAG,
    )


def _task_matches(rule: VariableNamingRule, task: dict[str, Any], file: Lintable | None) -> list[MatchError]:
    if file is None or not file.role:
        return []
    matches = []
    task_vars = task.get("vars") or {}
    for key in task_vars:
        # ansible-lint's own bookkeeping keys (__file__, __line__) are not variables.
        if not key.startswith("__") and _unprefixed(key, file.role):
            matches.append(_match(rule, file, key, task_vars.get(LINE_NUMBER_KEY, task[LINE_NUMBER_KEY])))
    action = task["action"]
    if action["__ansible_module__"] in ("set_fact", "ansible.builtin.set_fact"):
        for key in action:
            if isinstance(key, str) and not key.startswith("__") and key != "cacheable" and _unprefixed(key, file.role):
                matches.append(_match(rule, file, key, action.get(LINE_NUMBER_KEY, task[LINE_NUMBER_KEY])))
    registered = task.get("register")
    if registered and _unprefixed(registered, file.role):
        matches.append(_match(rule, file, registered, task[LINE_NUMBER_KEY]))
    return matches


def _vars_file_matches(rule: VariableNamingRule, file: Lintable) -> list[MatchError]:
    if str(file.kind) != "vars" or not file.role or not file.data:
        return []
    lines = file.content.splitlines()
    matches = []
    for key in parse_yaml_from_file(str(file.path)) or {}:
        if not _unprefixed(key, file.role):
            continue
        linenumber = key.ansible_pos[1] if isinstance(key, AnsibleUnicode) else 1
        skips = get_rule_skips_from_line(lines[linenumber - 1])
        if rule.id not in skips and TAG not in skips:
            matches.append(_match(rule, file, key, linenumber))
    return matches


def _var_naming_classes() -> list[type[VariableNamingRule]]:
    """The var-naming rule class, under each name ansible-lint imports its module.

    ansible-lint imports its rules as ansiblelint.rules.var_naming, and again as the top-level module
    var_naming when it loads its rules directory, which makes a second class object; either may end
    up in the rule collection. The top-level name is pointed at the package's module, so there is
    only one class (rulesdir is loaded before the default rules); should it exist already, its class
    is extended too.
    """
    package_module = sys.modules[VariableNamingRule.__module__]
    loaded = sys.modules.setdefault("var_naming", package_module)
    classes = [VariableNamingRule]
    again = getattr(loaded, "VariableNamingRule", None)
    if isinstance(again, type) and again is not VariableNamingRule:
        classes.append(again)
    return classes


def _extend(rule_class: type[VariableNamingRule]) -> None:
    if "no-role-prefix" in inspect.getsource(rule_class) or getattr(rule_class, "_homelab_role_prefix", False):
        return
    matchtask = rule_class.matchtask
    matchyaml = rule_class.matchyaml

    def matchtask_with_prefix(self: VariableNamingRule, task: dict[str, Any], file: Lintable | None = None) -> list[MatchError]:
        return list(matchtask(self, task, file)) + _task_matches(self, task, file)

    def matchyaml_with_prefix(self: VariableNamingRule, file: Lintable) -> list[MatchError]:
        return list(matchyaml(self, file)) + _vars_file_matches(self, file)

    rule_class.matchtask = matchtask_with_prefix  # type: ignore[method-assign]
    rule_class.matchyaml = matchyaml_with_prefix  # type: ignore[method-assign]
    rule_class._homelab_role_prefix = True  # type: ignore[attr-defined]


for _rule_class in _var_naming_classes():
    _extend(_rule_class)
