"""The view of a transcribed spec that the corpus's answer keys describe.

The answer keys (`../shared/corpus/<svc>/answers/*.json`) say what a page's *tables* say. The transcriber also
reconciles the tables with the page's own examples (issue 14): a field only an example shows is added with
`x-from-example: true` (so is a body schema typed from the examples alone). Those are right to have in the spec but
are, by construction, in no answer key, so
before a spec is judged by `compare_transcription.py` they are taken out. Likewise a path parameter the
transcriber adds for a `{placeholder}` that no row of the page documents (`x-from-path: true`: OpenAPI needs one
per placeholder, the tables give none), and the `2XX` response it writes, marked `x-status-unstated: true`, when a
page states no status (OpenAPI requires one response), and the `format` of an `Integer` row the transcriber widened
to int64 because an example passes int32 (`x-table-format` keeps the table's), and the later branches of a `oneOf`
(the transcriber's alternative tables: the answer keys describe the first). Nothing else is changed.

    python3 scripts/corpus_view.py SPEC.yaml OUT.yaml
"""
import sys

import yaml


def strip_example_only(node):
    """Drops every property marked `x-from-example: true` (and its `required` entry), at any depth, and the
    schema of a body typed from its examples alone (the page has no table for it)."""
    if isinstance(node, dict):
        if isinstance(node.get("schema"), dict) and node["schema"].get("x-from-example") is True:
            del node["schema"]
        props = node.get("properties")
        if isinstance(props, dict):
            for name in [k for k, v in props.items() if isinstance(v, dict) and v.get("x-from-example") is True]:
                del props[name]
                if isinstance(node.get("required"), list) and name in node["required"]:
                    node["required"].remove(name)
        for v in node.values():
            strip_example_only(v)
    elif isinstance(node, list):
        for v in node:
            strip_example_only(v)


def strip_unstated_statuses(spec):
    """Drops the responses marked `x-status-unstated: true`: OpenAPI needs one response, the page gave none."""
    for item in (spec.get("paths") or {}).values():
        for op in (item or {}).values():
            if isinstance(op, dict) and isinstance(op.get("responses"), dict):
                for status in [k for k, v in op["responses"].items() if isinstance(v, dict) and v.get("x-status-unstated") is True]:
                    del op["responses"][status]


def restore_table_formats(node):
    """Puts back the table's `format` where the transcriber widened it (`x-table-format`), at any depth."""
    if isinstance(node, dict):
        if isinstance(node.get("x-table-format"), str):
            node["format"] = node.pop("x-table-format")
        for v in node.values():
            restore_table_formats(v)
    elif isinstance(node, list):
        for v in node:
            restore_table_formats(v)


def strip_path_only(node):
    """Drops every parameter marked `x-from-path: true` (at any depth: operations and path items)."""
    if isinstance(node, dict):
        params = node.get("parameters")
        if isinstance(params, list):
            node["parameters"] = [p for p in params if not (isinstance(p, dict) and p.get("x-from-path") is True)]
        for v in node.values():
            strip_path_only(v)
    elif isinstance(node, list):
        for v in node:
            strip_path_only(v)


def first_branches(node):
    """Reduces every `oneOf` to its first branch (its `title` dropped), the keys beside the choice kept: the
    transcriber gives alternative tables (one table per way of calling) as later branches, and the answer keys
    describe the first table."""
    if isinstance(node, dict):
        choice = node.get("oneOf")
        if isinstance(choice, list) and choice and isinstance(choice[0], dict):
            first = {k: v for k, v in choice[0].items() if k != "title"}
            rest = {k: v for k, v in node.items() if k != "oneOf"}
            node.clear()
            node.update(first)
            node.update(rest)
        for v in node.values():
            first_branches(v)
    elif isinstance(node, list):
        for v in node:
            first_branches(v)


def table_view(src, dst):
    with open(src, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    first_branches(spec)
    strip_example_only(spec)
    strip_path_only(spec)
    restore_table_formats(spec)
    strip_unstated_statuses(spec)
    with open(dst, "w", encoding="utf-8") as f:
        yaml.safe_dump(spec, f, allow_unicode=True, sort_keys=False)


if __name__ == "__main__":
    table_view(sys.argv[1], sys.argv[2])
