#!/usr/bin/env python3
"""Writes a copy of a spec that cargo-progenitor 0.15 accepts, and prints what it removed.

Usage: progenitor_compat.py SPEC OUT

progenitor asserts (progenitor-impl 0.15.1, src/method.rs:1220, `response_types.len() <= 1`) that all
success responses of an operation have one body kind (the same JSON schema, or all without a body),
and likewise all error responses. Where an operation's responses mix kinds, this keeps the first
response of each class in document order and drops the others from that class.
"""

import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def kind(response):
    content = response.get("content") or {}
    if not content:
        return "no body"
    media, value = next(iter(content.items()))
    schema = (value or {}).get("schema") or {}
    return f"{media} {schema.get('$ref', schema.get('type', 'inline'))}"


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        spec = yaml.load(f, Loader=Loader)
    removed = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            responses = op.get("responses") or {}
            first = {}
            for code in list(responses):
                cls = "success" if str(code).startswith("2") else "error"
                k = kind(responses[code])
                if cls not in first:
                    first[cls] = k
                elif k != first[cls]:
                    removed.append(
                        f"{op.get('operationId', method + ' ' + path)}: response {code} ({k}); "
                        f"the other {cls} response(s) are {first[cls]}"
                    )
                    del responses[code]
    with open(out, "w", encoding="utf-8") as f:
        yaml.dump(spec, f, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100000)
    print("\n".join(removed) if removed else "nothing")


if __name__ == "__main__":
    main()
