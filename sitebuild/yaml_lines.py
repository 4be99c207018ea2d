"""Load YAML and remember the line of every key path, so errors can say exactly where a fact went wrong.

Differences from yaml.safe_load, all on purpose:
- ISO dates stay strings (the schema checks them), so content round-trips to JSON unchanged;
- a key repeated in one mapping is an error, not a silent overwrite;
- only plain data: aliases (`*name`), merge keys (`<<`) and tags other than the basic ones (`!!python/...`,
  `!!binary`, `!!set`, ...) are refused. Content uses none of them, and an alias is how a few hundred bytes
  ("billion laughs") expand into billions of values: refusing them at parse time keeps the build fast whatever
  a file holds;
- limits: a file over MAX_FILE_BYTES, a text over MAX_TEXT_CHARS, nesting deeper than MAX_DEPTH;
- every problem, a file that is not UTF-8 included, is a BuildError reading `file:line: key.path: what to do`,
  never a traceback.
"""
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import BuildError

# Today's largest content file is under 40 KB and its longest text under 500 characters.
MAX_FILE_BYTES = 512 * 1024
MAX_TEXT_CHARS = 2000
MAX_DEPTH = 40
# The tags plain data needs (what the resolver gives unquoted scalars, lists and mappings).
_PLAIN_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, f"the alias *{event.anchor} repeats another value; aliases are not "
                           "allowed in content: write the value out in full")
        if self._depth >= MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark, f"nested more than {MAX_DEPTH} levels deep: flatten it")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Refused(Exception):
    def __init__(self, mark, message: str):
        self.mark = mark
        self.message = message


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
    text = _read_text(Path(path), display_name)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as err:
        raise BuildError(f"{display_name}:{err.mark.line + 1}: {err.message}") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise BuildError(f"{display_name}:{line}: YAML syntax error: {err.problem or err}") from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (a control character, say)
        line = text.count("\n", 0, max(err.position, 0)) + 1
        code = err.character if isinstance(err.character, int) else ord(err.character)
        raise BuildError(f"{display_name}:{line}: the character U+{code:04X} is not allowed in YAML: "
                         "remove it") from None
    if node is None:
        return LoadedYaml(path, None, {(): 1})
    lines: dict = {}
    data = _build(node, (), lines, display_name)
    return LoadedYaml(path, data, lines)


def _read_text(path: Path, display_name: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BuildError(f"{display_name}:1: (top): the file is {size:,} bytes; a content file may be at "
                             f"most {MAX_FILE_BYTES:,}: shorten long text or split it into more entries")
        raw = path.read_bytes()
    except OSError as err:
        raise BuildError(f"{display_name}:1: (top): cannot read the file: {err.strerror or err}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise BuildError(f"{display_name}:{line}: byte 0x{raw[err.start]:02x} (column {column}) is not UTF-8 "
                         "text: save the file as UTF-8") from None


def _where(display_name: str, node, key_path) -> str:
    return f"{display_name}:{node.start_mark.line + 1}: {_dotted(key_path)}"


def _build(node, key_path, lines, display_name):
    lines[key_path] = node.start_mark.line + 1
    _check_tag(node, key_path, display_name)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise BuildError(f"{_where(display_name, key_node, key_path)}: merge keys (<<) are not allowed "
                                 "in content: write the keys out in full")
            _check_tag(key_node, key_path, display_name)
            key = _scalar(key_node, key_path, display_name) if isinstance(key_node, yaml.ScalarNode) else None
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
    return _scalar(node, key_path, display_name)


def _check_tag(node, key_path, display_name) -> None:
    if node.tag not in _PLAIN_TAGS:
        raise BuildError(f"{_where(display_name, node, key_path)}: the tag {_short_tag(node.tag)} is not "
                         "allowed in content: write a plain value (text, number, true/false, list or mapping)")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _scalar(node, key_path, display_name):
    if len(node.value) > MAX_TEXT_CHARS:
        raise BuildError(f"{_where(display_name, node, key_path)}: the text is {len(node.value):,} characters "
                         f"long; the limit is {MAX_TEXT_CHARS:,}: shorten it or split it")
    try:
        return _Loader("").construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError, yaml.YAMLError) as err:  # `!!float 'abc'`, `!!int x`
        raise BuildError(f"{_where(display_name, node, key_path)}: {node.value!r:.60} is not a valid "
                         f"{_short_tag(node.tag)[2:]} ({err}): remove the tag or fix the value") from None


def _dotted(key_path) -> str:
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


dotted = _dotted
