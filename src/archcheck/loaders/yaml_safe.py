"""The YAML dialect unit descriptions are read in: safe, dates kept as strings (as in JSON), no
duplicate keys (as the JSON reader refuses them), no alias bombs ("billion laughs")."""

from __future__ import annotations

from typing import Any

import yaml


# libyaml's parser is much faster than the pure-Python one (docs/performance.md); the constructor and resolver stay Python.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UnitYamlLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML that keeps dates as strings (as in JSON) and rejects duplicate keys (as the JSON reader does)."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, f"duplicate key {key_node.value!r}", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep)

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self._may_alias:
            check_aliases(node)
        return self.construct_document(node)

    #: set per document: aliases need both an anchor (&) and an alias (*) in the text
    _may_alias = True


class AliasBomb(yaml.YAMLError):
    """Aliases would expand the document far beyond its written size ("billion laughs")."""

    def __init__(self, mark: Any, expanded: int, written: int, recursive: bool = False):
        super().__init__("alias expansion")
        self.mark, self.expanded, self.written, self.recursive = mark, expanded, written, recursive


#: aliases may add at most this many nodes, or as many as the document has, whichever is more
ALIAS_EXTRA_NODES = 10_000


def check_aliases(root: yaml.Node) -> None:
    """Refuse a node graph whose aliases (shared nodes) expand it beyond the allowed size, or that refers to itself.

    The parser shares one node for every use of an anchor, so nine nested lists of nine aliases
    are ~90 nodes that stand for 9⁹; walking the data afterwards (shape check, schema, rules) would
    take minutes. The expanded size is counted on the graph, each shared node once, in linear time.
    """
    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise AliasBomb(node.start_mark, 0, len(size), recursive=True)
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise AliasBomb(child.start_mark, 0, len(size), recursive=True)
            if id(child) not in size:
                stack.append((child, False))
    expanded, written = size[id(root)], len(size)
    if expanded > written + max(ALIAS_EXTRA_NODES, written):
        raise AliasBomb(root.start_mark, expanded, written)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


UnitYamlLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
