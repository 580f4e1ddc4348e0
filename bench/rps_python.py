#!/usr/bin/env python3
"""Loopback load generator: the official Python SDK (huaweicloudsdkkafka) calling
ListBackgroundTasks against the emulator with a fixed number of concurrent worker threads.

Usage: rps_python.py ENDPOINT AK SK PROJECT INSTANCE WORKERS REQUESTS MAX_SECONDS LIMIT

Prints one JSON line like bench/src/bin/rps.rs. Each worker has its own KafkaClient (as the
official SDK recommends for threads); the client is set up as in tests/interop/official_sdk.py.
"""

import json
import os
import sys
import tempfile
import threading
import time

os.environ["HOME"] = tempfile.mkdtemp(prefix="hwsdk-home-")
for _var in list(os.environ):
    if _var.startswith("HUAWEICLOUD_SDK_"):
        del os.environ[_var]
for _var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_var, None)
os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import logging  # noqa: E402

logging.disable(logging.CRITICAL)

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkkafka.v2 import KafkaClient, ListBackgroundTasksRequest  # noqa: E402


def make_client(endpoint, ak, sk, project):
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    return (
        KafkaClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(ak, sk, project))
        .with_endpoints([endpoint])
        .build()
    )


def main():
    endpoint, ak, sk, project, instance = sys.argv[1:6]
    workers, total = int(sys.argv[6]), int(sys.argv[7])
    max_seconds, limit = float(sys.argv[8]), int(sys.argv[9])
    clients = [make_client(endpoint, ak, sk, project) for _ in range(workers)]
    # One request first, so that a misconfiguration is an error and not a fast failure rate.
    clients[0].list_background_tasks(ListBackgroundTasksRequest(instance_id=instance, limit=limit))
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "errors": 0}
    deadline = time.monotonic() + max_seconds

    def worker(client):
        while True:
            with lock:
                if state["next"] >= total or time.monotonic() >= deadline:
                    return
                state["next"] += 1
            try:
                client.list_background_tasks(
                    ListBackgroundTasksRequest(instance_id=instance, limit=limit)
                )
                ok = True
            except Exception:  # noqa: BLE001 - counted, not raised
                ok = False
            with lock:
                state["done"] += 1
                state["errors"] += 0 if ok else 1

    cpu_before = time.process_time()
    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    cpu_seconds = time.process_time() - cpu_before
    print(
        json.dumps(
            {
                "side": "python",
                "workers": workers,
                "requests": state["done"],
                "errors": state["errors"],
                "seconds": round(seconds, 3),
                "rps": round(state["done"] / seconds, 1),
                "cpu_seconds": round(cpu_seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
