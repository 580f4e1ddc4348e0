#!/usr/bin/env python3
"""Runs schemathesis against a running emulator started with --lenient-auth.

Usage:
    python tests/interop/schemathesis_run.py SPEC BASE_URL [--value OPERATION_ID:PARAM=VALUE ...] [extra schemathesis args...]

Fixed seed and a bounded number of examples, so a run is reproducible and stays well under three
minutes on two cores: schemathesis itself is the bottleneck (about 18 ms of Python per generated case
against under 1 ms in the emulator), so the time grows with MAX_EXAMPLES × operations. With 62
operations, 100 examples took about 145 s; 60 take about 95 s and still run every phase (examples,
coverage, fuzzing, stateful). Exit status is schemathesis's (0 = no failures).

`--value OPERATION_ID:PARAM=VALUE` fixes a parameter of one operation (written to a
`schemathesis.toml` as `[[operations]] include-operation-id … parameters`). The test uses it for
the ids of items the emulator's store holds (ShowBackgroundTask's and DeleteBackgroundTask's
`task_id`): schemathesis cannot guess them, and without them every request of those operations is
a rightful 404, so their success answers would never be checked.

Checks: all of schemathesis's checks except
- status_code_conformance: the spec documents only the 200 answer (the doc pages list error
  codes elsewhere), so every 400/401/404 would count as "undocumented";
- ignored_auth: lenient auth accepts any Authorization value by design;
- positive_data_acceptance: the emulator also enforces `x-datetime-format: YYYYMMDDHHmmss`
  (a real date), which schemathesis cannot know, so `begin_time=00000000000000` (which matches
  the pattern `^[0-9]{14}$`) is rightly rejected with 400; and a path that a DELETE removed
  answers 404 afterwards, however valid the request.
The Authorization header the spec declares is sent with a fixed, unsigned value.

Values marked `x-example-type` (the page's examples give another JSON type than its table) are
accepted by the emulator in both types, as spec/README.md says; schemathesis gets a copy of the spec
where such a value is `anyOf` the two types, so it does not call the second spelling invalid.
"""

import json
import os
import subprocess
import sys
import tempfile

SEED = "20240506"
MAX_EXAMPLES = "60"
AUTHORIZATION = "SDK-HMAC-SHA256 Access=schemathesis, SignedHeaders=host;x-sdk-date, Signature=0"


def split_values(args):
    """Separates the `--value OP:PARAM=VALUE` options from the arguments passed through."""
    values, rest = {}, []
    it = iter(args)
    for arg in it:
        if arg == "--value" or arg.startswith("--value="):
            spec = arg.partition("=")[2] if arg.startswith("--value=") else next(it, "")
            operation, _, assignment = spec.partition(":")
            name, _, value = assignment.partition("=")
            if not (operation and name):
                raise SystemExit(f"--value expects OPERATION_ID:PARAM=VALUE, got {spec!r}")
            values.setdefault(operation, {})[name] = value
        else:
            rest.append(arg)
    return values, rest


def config_text(values):
    """A schemathesis.toml fixing the given parameters (TOML basic strings accept JSON strings)."""
    blocks = []
    for operation, params in sorted(values.items()):
        pairs = ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(params.items()))
        blocks.append(
            f"[[operations]]\ninclude-operation-id = {json.dumps(operation)}\nparameters = {{ {pairs} }}\n"
        )
    return "\n".join(blocks)


SCALARS = ("string", "integer", "number", "boolean")


def widen_example_types(node):
    """`{type: T, x-example-type: E}` becomes `anyOf: [{type: T}, {type: E}]` (an integer E as any number, which
    is what the emulator accepts), in place, everywhere."""
    if isinstance(node, dict):
        other = node.get("x-example-type")
        if other in SCALARS and node.get("type") in SCALARS and other != node["type"]:
            table = {"type": node.pop("type")}
            if "format" in node:
                table["format"] = node.pop("format")
            # A number in a string (`x-numeric-string`) is any JSON number, as the client decodes it.
            other = "number" if other == "integer" else other
            node["anyOf"] = [table, {"type": other}]
        for value in node.values():
            widen_example_types(value)
    elif isinstance(node, list):
        for value in node:
            widen_example_types(value)


def widened_spec(spec, directory):
    """A copy of `spec` with `x-example-type` values widened (the spec itself when none is marked)."""
    import yaml

    with open(spec, encoding="utf-8") as f:
        text = f.read()
    if "x-example-type" not in text:
        return spec
    doc = yaml.safe_load(text)
    widen_example_types(doc)
    path = os.path.join(directory, "spec-widened.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    spec, url = os.path.abspath(sys.argv[1]), sys.argv[2]
    values, extra = split_values(sys.argv[3:])
    exe = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    # schemathesis may write caches in the working directory: keep them out of the tree.
    with tempfile.TemporaryDirectory(prefix="schemathesis-") as cwd:
        config = os.path.join(cwd, "schemathesis.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(config_text(values))
        spec = widened_spec(spec, cwd)
        command = [
            exe,
            "--config-file",
            config,
            "run",
            spec,
            "--url",
            url,
            "--seed",
            SEED,
            "--max-examples",
            MAX_EXAMPLES,
            "--generation-database",
            "none",
            "--header",
            "Authorization: " + AUTHORIZATION,
            "--exclude-checks",
            "status_code_conformance,ignored_auth,positive_data_acceptance",
            "--no-color",
            *extra,
        ]
        env = dict(os.environ, NO_PROXY="127.0.0.1,localhost")
        return subprocess.call(command, cwd=cwd, env=env)


if __name__ == "__main__":
    sys.exit(main())
