#!/usr/bin/env python3
"""Writes a synthetic spec of N operations made from spec/kafka.yaml, for the scaling benchmark.

Usage: synth_spec.py SPEC N OUT [--shared-parameters]

With --shared-parameters, every parameter that two operations declare alike first moves to
`components.parameters` (operations `$ref` it), and the path parameters that every operation of a path
declares move to the path item's `parameters`, as hand-written OpenAPI documents do.

Copy 0 is the spec itself; copy k >= 1 clones every operation (operationId + "C<k>", path
prefixed with "/c<k>") and every component schema (name + "C<k>", $refs and x-rust-name rewritten),
so operations, types and generated files all grow with N. Operations beyond N are dropped.
"""

import copy
import json
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
PREFIX = "#/components/schemas/"


def renamed(node, suffix):
    """A deep copy of node with schema $refs and x-rust-name values suffixed."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(PREFIX):
                out[key] = value + suffix
            elif key == "x-rust-name" and isinstance(value, str):
                out[key] = value + suffix
            else:
                out[key] = renamed(value, suffix)
        return out
    if isinstance(node, list):
        return [renamed(v, suffix) for v in node]
    return node


def share_parameters(spec):
    """Moves parameters declared alike by several operations to components.parameters, and path
    parameters every operation of a path has to the path item."""
    paths = spec["paths"]
    seen = {}
    for item in paths.values():
        for method, op in item.items():
            if method in METHODS:
                for param in op.get("parameters", []):
                    key = json.dumps(param, sort_keys=True)
                    seen[key] = seen.get(key, 0) + 1
    shared = {}
    for key, count in seen.items():
        if count > 1:
            param = json.loads(key)
            name = f"{param['name']}_{param['in']}"
            shared[key] = name
    spec.setdefault("components", {})["parameters"] = {
        name: json.loads(key) for key, name in shared.items()
    }
    for item in paths.values():
        ops = [op for method, op in item.items() if method in METHODS]
        for op in ops:
            op["parameters"] = [
                {"$ref": f"#/components/parameters/{shared[json.dumps(p, sort_keys=True)]}"}
                if json.dumps(p, sort_keys=True) in shared else p
                for p in op.get("parameters", [])
            ]
        # Path parameters (as refs or inline) that every operation of the path has, alike.
        common = None
        for op in ops:
            here = {json.dumps(p, sort_keys=True) for p in op["parameters"]
                    if p.get("in") == "path" or "$ref" in p and p["$ref"].endswith("_path")}
            common = here if common is None else common & here
        if ops and common:
            first = ops[0]["parameters"]
            item["parameters"] = [p for p in first if json.dumps(p, sort_keys=True) in common]
            for op in ops:
                op["parameters"] = [p for p in op["parameters"] if json.dumps(p, sort_keys=True) not in common]
                if not op["parameters"]:
                    del op["parameters"]


def main():
    spec_path, n, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.load(f, Loader=Loader)
    if "--shared-parameters" in sys.argv[4:]:
        share_parameters(spec)
    paths = spec["paths"]
    schemas = spec["components"]["schemas"]
    ops = [(p, m) for p, item in paths.items() for m in item if m in METHODS]
    new_paths, new_schemas, count, k = {}, dict(schemas), 0, 0
    while count < n:
        suffix = "" if k == 0 else f"C{k}"
        for path, method in ops:
            if count == n:
                break
            item = paths[path]
            new_path = path if k == 0 else f"/c{k}{path}"
            target = new_paths.setdefault(
                new_path, {key: copy.deepcopy(v) for key, v in item.items() if key not in METHODS}
            )
            op = copy.deepcopy(item[method]) if k == 0 else renamed(item[method], suffix)
            op["operationId"] = op["operationId"] + suffix
            target[method] = op
            count += 1
        if k > 0:
            for name, schema in schemas.items():
                new_schemas[name + suffix] = renamed(schema, suffix)
        k += 1
    spec["paths"] = new_paths
    spec["components"]["schemas"] = new_schemas
    with open(out_path, "w", encoding="utf-8") as f:
        yaml.dump(spec, f, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100000)


if __name__ == "__main__":
    main()
