"""Load YAML and remember the line of every key path, so errors can say exactly where a fact went wrong.

Differences from yaml.safe_load, all on purpose:
- ISO dates stay strings (the schema checks them), so content round-trips to JSON unchanged;
- a key repeated in one mapping is an error, not a silent overwrite.
"""
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import BuildError


class _Loader(yaml.SafeLoader):
    pass


# Drop the timestamp resolver: '2026-01-01' stays the string it was written as.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LoadedYaml:
    path: Path
    data: object
    lines: dict  # key path (tuple) -> 1-based line number

    def line_of(self, key_path) -> int:
        """The line of the deepest known prefix of key_path."""
        path = tuple(key_path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def load(path: Path, display_name: str) -> LoadedYaml:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise BuildError(f"{display_name}:{line}: YAML syntax error: {err.problem or err}") from None
    if node is None:
        return LoadedYaml(path, None, {(): 1})
    lines: dict = {}
    data = _build(node, (), lines, display_name)
    return LoadedYaml(path, data, lines)


def _build(node, key_path, lines, display_name):
    lines[key_path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _Loader(str()).construct_object(key_node) if not isinstance(key_node, yaml.ScalarNode) \
                else _scalar(key_node)
            if not isinstance(key, (str, int)):
                raise BuildError(f"{display_name}:{key_node.start_mark.line + 1}: keys must be plain text")
            key = str(key)
            if key in result:
                raise BuildError(f"{display_name}:{key_node.start_mark.line + 1}: "
                                f"{_dotted(key_path + (key,))}: duplicate key '{key}'")
            child_path = key_path + (key,)
            result[key] = _build(value_node, child_path, lines, display_name)
            lines[child_path] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, key_path + (index,), lines, display_name) for index, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node):
    loader = _Loader("")
    return loader.construct_object(node, deep=True)


def _dotted(key_path) -> str:
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


dotted = _dotted
