#!/usr/bin/env python3
"""Interop: the official Huawei Cloud Python SDK (huaweicloudsdkkafka / huaweicloudsdkcore 3.1.219)
against the local emulator (huaweicloud-mock).

Usage:
    python tests/interop/official_sdk.py CONFIG_JSON

CONFIG_JSON: {"endpoint": "http://127.0.0.1:PORT", "ak": ..., "sk": ..., "project_id": ...,
              "instance_id": ..., "odd_instance_id": ...}

Runs a fixed list of scenarios with the real KafkaClient and prints one JSON document on stdout:
{"scenario name": {...outcome...}, ...}. Each outcome is either
    {"ok": true, "status": 200, "task_count": "...", "tasks": [ {...}, ... ]}
or
    {"ok": false, "exception": "ClientRequestException", "status_code": 401,
     "error_code": "...", "error_msg": "...", "request_id": "..."}.
The Rust test (tests/tests/interop_python.rs) compares them with the emulator's own state; this
script only runs the client, so that every expectation lives in one place.
"""

import json
import os
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

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.exceptions import exceptions as sdk_exc  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkkafka.v2 import KafkaClient, ListBackgroundTasksRequest  # noqa: E402


def make_client(cfg, sk=None):
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    credentials = BasicCredentials(cfg["ak"], sk or cfg["sk"], cfg["project_id"])
    return (
        KafkaClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([cfg["endpoint"]])
        .build()
    )


def outcome(call):
    try:
        response = call()
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
    tasks = [t.to_dict() for t in (response.tasks or [])]
    return {
        "ok": True,
        "status": getattr(response, "status_code", None),
        "task_count": response.task_count,
        "tasks": tasks,
    }


def list_tasks(client, instance_id, **query):
    request = ListBackgroundTasksRequest(instance_id=instance_id, **query)
    return client.list_background_tasks(request)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cfg = json.load(f)
    client = make_client(cfg)
    inst = cfg["instance_id"]
    results = {
        "first_page": outcome(lambda: list_tasks(client, inst)),
        "page_2_of_5": outcome(lambda: list_tasks(client, inst, start=6, limit=5)),
        "filtered": outcome(
            lambda: list_tasks(
                client, inst, begin_time=cfg["begin_time"], end_time=cfg["end_time"], limit=50
            )
        ),
        "odd_instance_id": outcome(lambda: list_tasks(client, cfg["odd_instance_id"], limit=1)),
        "wrong_sk": outcome(lambda: list_tasks(make_client(cfg, sk="wrong-secret"), inst)),
        "invalid_begin_time": outcome(lambda: list_tasks(client, inst, begin_time="2024")),
    }
    # Every page, the way a user pages: start from 1, advance by what was received.
    pages, start = [], 1
    while True:
        page = outcome(lambda: list_tasks(client, inst, start=start, limit=7))
        if not page["ok"] or not page["tasks"]:
            if not page["ok"]:
                pages.append(page)
            break
        pages.append(page)
        start += len(page["tasks"])
    results["all_pages"] = {
        "ok": all(p["ok"] for p in pages),
        "tasks": [t for p in pages if p["ok"] for t in p["tasks"]],
        "pages": len(pages),
    }
    json.dump(results, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
