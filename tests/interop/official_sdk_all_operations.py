#!/usr/bin/env python3
"""Interop: every operation of the official Python SDK (huaweicloudsdkkafka 3.1.219) that the spec
also has, called once against the local emulator (huaweicloud-mock).

Usage:
    python tests/interop/official_sdk_all_operations.py CONFIG_JSON

CONFIG_JSON: {"endpoint": ..., "ak": ..., "sk": ..., "project_id": ...,
              "calls": [{"operation": "CreateConnector", "params": {wire name: value},
                         "body": {...} or null}, ...]}

The calls run in the given order. Each request is built the way a user of the SDK builds it: the
`<Operation>Request` model with its attributes (matched to the wire names through the models'
`attribute_map`), the body as the SDK's own model classes, nested, each value converted to the type
the SDK declares for it (so the SDK sends what it would send: `node_cnt` as an integer where its
model says `int`). Prints one JSON document on stdout:
{"Operation": {"ok": true, "status": 200} or {"ok": false, ...} or {"missing": true}, ...}.
Every expectation is checked by the Rust test (tests/tests/interop_python.rs).
"""

import json
import os
import re
import sys
import tempfile

# The SDK writes ~/.huaweicloud/application_id and reads HUAWEICLOUD_SDK_* and proxy variables:
# isolate it from the machine.
os.environ["HOME"] = tempfile.mkdtemp(prefix="hwsdk-home-")
for _var in list(os.environ):
    if _var.startswith("HUAWEICLOUD_SDK_"):
        del os.environ[_var]
for _var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_var, None)
os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import huaweicloudsdkkafka.v2 as kafka  # noqa: E402
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.exceptions import exceptions as sdk_exc  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402

# How deep nested models are followed (the SDK's models are a few levels deep).
MAX_DEPTH = 32
PRIMITIVES = {"str", "int", "float", "bool", "object", "date", "datetime"}


def make_client(cfg):
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    credentials = BasicCredentials(cfg["ak"], cfg["sk"], cfg["project_id"])
    return (
        kafka.KafkaClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([cfg["endpoint"]])
        .build()
    )


def primitive(type_name, value):
    """`value` as the SDK's declared primitive type."""
    if type_name == "str":
        return value if isinstance(value, str) else json.dumps(value)
    if type_name == "int" and isinstance(value, str):
        return int(value)
    if type_name == "float" and isinstance(value, str):
        return float(value)
    if type_name == "bool" and isinstance(value, str):
        return value == "true"
    return value


def build(type_name, value, depth=0):
    """An instance of the SDK's type `type_name` from JSON `value`."""
    if value is None or depth > MAX_DEPTH:
        return None
    if type_name.startswith("list["):
        return [build(type_name[5:-1], v, depth + 1) for v in value]
    if type_name.startswith("dict("):
        inner = type_name[type_name.index(",") + 1 : -1].strip()
        return {k: build(inner, v, depth + 1) for k, v in value.items()}
    if type_name in PRIMITIVES:
        return primitive(type_name, value)
    cls = getattr(kafka, type_name)
    kwargs = {}
    for attr, wire in cls.attribute_map.items():
        if isinstance(value, dict) and wire in value:
            kwargs[attr] = build(cls.openapi_types[attr], value[wire], depth + 1)
    return cls(**kwargs)


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def call(client, spec_call):
    op = spec_call["operation"]
    request_cls = getattr(kafka, op + "Request", None)
    method = getattr(client, snake(op), None)
    if request_cls is None or method is None:
        return {"missing": True}
    values = dict(spec_call["params"])
    if spec_call.get("body") is not None:
        values["body"] = spec_call["body"]
    kwargs = {}
    for attr, wire in request_cls.attribute_map.items():
        if wire in values:
            kwargs[attr] = build(request_cls.openapi_types[attr], values[wire])
    try:
        response = method(request_cls(**kwargs))
    except sdk_exc.ServiceResponseException as e:
        return {
            "ok": False,
            "exception": type(e).__name__,
            "status_code": e.status_code,
            "error_code": e.error_code,
            "error_msg": e.error_msg,
            "request_id": e.request_id,
        }
    except Exception as e:  # noqa: BLE001 - report anything else as it is
        return {"ok": False, "exception": type(e).__name__, "message": str(e)}
    return {"ok": True, "status": getattr(response, "status_code", None)}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cfg = json.load(f)
    client = make_client(cfg)
    results = {c["operation"]: call(client, c) for c in cfg["calls"]}
    json.dump(results, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
