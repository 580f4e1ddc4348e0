#!/usr/bin/env python3
"""Measures the generator, the generated crate and the client against their peers and writes
BENCHMARKS.md. Run through bench/run.sh, which builds everything first and exports:

    BENCH_ROOT          the repository root
    BENCH_TARGET_DIR    the release target dir (codegen, huaweicloud-mock, rps, criterion results)
    BENCH_PROG_TARGET   the target dir for progenitor's output crate
    BENCH_PROGENITOR    the cargo-progenitor binary ("" when it could not be installed)
    BENCH_RUNS          runs per measurement (median/min/max are over these)
    BENCH_COMMAND       the command line, quoted in the report
    BENCH_BUILD_DEBUG   CARGO_PROFILE_DEV_DEBUG of the crate-only builds (default line-tables-only)
    BENCH_ONLY          `generators`: measure only the generators on every document both accept and
                        replace that section of BENCHMARKS.md (the rest is kept)
    BENCH_PEER_OPS      operations of the synthetic spec in that comparison (default 2000)
"""

import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.environ["BENCH_ROOT"]
BT = os.environ["BENCH_TARGET_DIR"]
PROG_TARGET = os.environ["BENCH_PROG_TARGET"]
PROGENITOR = os.environ.get("BENCH_PROGENITOR", "")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
COMMAND = os.environ.get("BENCH_COMMAND", "bash bench/run.sh")
SYNTH_SIZES = [int(n) for n in os.environ.get("BENCH_SYNTH_SIZES", "250 500 750 1000 1500 2000").split()]
RPS_WORKERS = int(os.environ.get("BENCH_RPS_WORKERS", "8"))
RPS_RUST_REQUESTS = int(os.environ.get("BENCH_RPS_RUST_REQUESTS", "20000"))
RPS_PY_REQUESTS = int(os.environ.get("BENCH_RPS_PY_REQUESTS", "2000"))
RPS_MAX_SECONDS = float(os.environ.get("BENCH_RPS_MAX_SECONDS", "30"))
RPS_ROUNDS = int(os.environ.get("BENCH_RPS_ROUNDS", "3"))
SPEC = os.path.join(ROOT, "spec", "kafka.yaml")
CODEGEN = os.path.join(BT, "release", "codegen")
MOCK = os.path.join(BT, "release", "huaweicloud-mock")
RPS = os.path.join(BT, "release", "rps")
PYTHON = sys.executable
WORK = tempfile.mkdtemp(prefix="bench-work-")
PROG_CRATE_DIR = os.path.join(os.path.dirname(PROG_TARGET.rstrip("/")), "bench-progenitor-crate")
PROG_CRATE = "kafka-progenitor"


def log(msg):
    print(f"[measure] {msg}", file=sys.stderr, flush=True)


def sh(cmd, **kw):
    """Runs cmd (a list), returns the CompletedProcess; output captured as text."""
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def timed(cmd, **kw):
    """(seconds, peak RSS KiB, CompletedProcess) of one run under /usr/bin/time; the CPU seconds
    (user + system) are stored on the CompletedProcess as `cpu_seconds`."""
    fd, rss_file = tempfile.mkstemp(prefix="rss-", dir=WORK)
    os.close(fd)
    start = time.perf_counter()
    proc = sh(["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] + cmd, **kw)
    seconds = time.perf_counter() - start
    with open(rss_file) as f:
        last = f.read().strip().splitlines()[-1].split() if os.path.getsize(rss_file) else []
    try:
        peak, proc.cpu_seconds = int(last[0]), float(last[1]) + float(last[2])
    except (IndexError, ValueError):
        peak, proc.cpu_seconds = 0, 0.0
    return seconds, peak, proc


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt_stats(s, scale=1.0, digits=2):
    return (
        f"{s['median'] * scale:.{digits}f}",
        f"{s['min'] * scale:.{digits}f}",
        f"{s['max'] * scale:.{digits}f}",
    )


def rust_lines(directory):
    total = 0
    for path in glob.glob(os.path.join(directory, "**", "*.rs"), recursive=True):
        with open(path, encoding="utf-8", errors="replace") as f:
            total += sum(1 for _ in f)
    return total


def mtimes(directory):
    out = {}
    for base, _, files in os.walk(directory):
        for name in files:
            path = os.path.join(base, name)
            st = os.stat(path)
            out[path] = (st.st_mtime_ns, st.st_ino)
    return out


def rewritten(before, after):
    return sum(1 for p, v in after.items() if before.get(p) != v)


# ---------------------------------------------------------------------------------------------
# Machine


def machine():
    def first(cmd):
        try:
            return sh(cmd).stdout.strip()
        except OSError:
            return ""

    lscpu = first(["lscpu"])
    keep = ("Architecture", "Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz", "L2", "L3")
    lscpu_lines = [ln for ln in lscpu.splitlines() if ln.split(":")[0].strip() in keep]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "nproc": first(["nproc"]),
        "lscpu": lscpu_lines,
        "free": first(["free", "-h"]),
        "kernel": first(["uname", "-sr"]),
        "rustc": first(["rustc", "-V"]),
        "python": sys.version.split()[0],
    }


# ---------------------------------------------------------------------------------------------
# Criterion


def criterion_results():
    results = {}
    for bench_json in glob.glob(os.path.join(BT, "criterion", "**", "new", "benchmark.json"), recursive=True):
        with open(bench_json) as f:
            meta = json.load(f)
        with open(os.path.join(os.path.dirname(bench_json), "sample.json")) as f:
            sample = json.load(f)
        per_iter = [t / i for t, i in zip(sample["times"], sample["iters"])]
        results[meta["full_id"]] = stats(per_iter)
    return results


def fmt_ns(ns):
    if ns < 1e3:
        return f"{ns:.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    if ns < 1e9:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e9:.2f} s"


def callgrind_counts():
    """Instructions per operation under callgrind: (Ir(N) - Ir(0)) / N for each case."""
    profile = os.path.join(BT, "release", "examples", "profile")
    if not shutil.which("valgrind") or not os.path.exists(profile):
        return {}

    def ir(case, n):
        proc = sh(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", profile, case, str(n)])
        m = re.search(r"Collected : (\d+)", proc.stderr)
        return int(m.group(1)) if m else None

    out = {}
    for case, n in (("sign", 200), ("sign-wire", 200), ("sign-wire-map", 200), ("decode-hand", 2), ("decode-generated", 2), ("decode-client", 2)):
        base, total = ir(case, 0), ir(case, n)
        if base is not None and total is not None:
            out[case] = (total - base) / n
    return out


# ---------------------------------------------------------------------------------------------
# Generators


def ours_generate(spec, out):
    return timed([CODEGEN, "generate", "--spec", spec, "--out", out,
                  "--runtime-path", os.path.join(ROOT, "runtime")], cwd=ROOT)


def progenitor_generate(spec, out):
    return timed([PROGENITOR, "progenitor", "-i", spec, "-o", out, "-n", PROG_CRATE,
                  "-v", "0.1.0", "--interface", "builder", "--license-name", "Apache-2.0"], cwd=WORK,
                 env={k: v for k, v in os.environ.items() if k != "RUST_BACKTRACE"})


def measure_generator(generate, spec, name):
    """RUNS full generates into a fresh directory, then one no-op regenerate."""
    times, cpu, rss, out, last = [], [], [], None, None
    for i in range(RUNS):
        out = os.path.join(WORK, f"{name}-{i}")
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak, proc = generate(spec, out)
        last = proc
        if proc.returncode != 0:
            return {"ok": False, "error": (proc.stderr or proc.stdout).strip(), "exit": proc.returncode}
        times.append(seconds)
        cpu.append(proc.cpu_seconds)
        rss.append(peak)
    before = mtimes(out)
    time.sleep(0.05)
    noop_seconds, _, proc = generate(spec, out)
    after = mtimes(out)
    return {
        "ok": proc.returncode == 0 and last.returncode == 0,
        "time": stats(times),
        "cpu": stats(cpu),
        "rss": stats(rss),
        "lines": rust_lines(out),
        "files": len(after),
        "noop_rewritten": rewritten(before, after),
        "noop_seconds": noop_seconds,
        "out": out,
    }


def synthetic():
    rows = []
    for n in SYNTH_SIZES:
        spec = os.path.join(WORK, f"synth-{n}.yaml")
        subprocess.run([PYTHON, os.path.join(ROOT, "bench", "synth_spec.py"), SPEC, str(n), spec], check=True)
        log(f"synthetic spec of {n} operations")
        r = measure_generator(ours_generate, spec, f"synth-{n}")
        r["ops"] = n
        r["instructions"] = None
        if r.get("ok") and shutil.which("valgrind"):
            out = os.path.join(WORK, f"synth-{n}-callgrind")
            proc = sh(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", CODEGEN, "generate",
                       "--spec", spec, "--out", out, "--runtime-path", os.path.join(ROOT, "runtime")], cwd=ROOT)
            m = re.search(r"Collected : (\d+)", proc.stderr)
            r["instructions"] = int(m.group(1)) if m else None
        rows.append(r)
    return rows


SHARED = os.environ.get("HUAWEICLOUD_SHARED_DIR", os.path.join(os.path.dirname(ROOT), "shared"))
PEER_OPS = int(os.environ.get("BENCH_PEER_OPS", "2000"))
PEERS_BEGIN = "<!-- generators-vs-progenitor: begin -->"
PEERS_END = "<!-- generators-vs-progenitor: end -->"


def compat_copy(spec, name):
    """A copy of `spec` that progenitor accepts (see bench/progenitor_compat.py), and what it removed."""
    out = os.path.join(WORK, f"{name}-for-progenitor.yaml")
    proc = sh([PYTHON, os.path.join(ROOT, "bench", "progenitor_compat.py"), spec, out])
    if proc.returncode != 0:
        return None, proc.stderr.strip()
    return out, proc.stdout.strip()


def peer_documents():
    """(label, spec for ours, spec for progenitor, note): every document both generators accept."""
    docs = []
    kafka_copy, removed = compat_copy(SPEC, "kafka")
    docs.append(("`spec/kafka.yaml`", SPEC, kafka_copy,
                 f"progenitor gets the compatible copy ({len(removed.splitlines())} response(s) removed)"))
    nexus = os.path.join(SHARED, "openapi-samples", "nexus.json")
    if os.path.exists(nexus):
        docs.append(("`openapi-samples/nexus.json`", nexus, nexus, "as published"))
    synth = os.path.join(WORK, f"synth-{PEER_OPS}-shared.yaml")
    subprocess.run([PYTHON, os.path.join(ROOT, "bench", "synth_spec.py"), SPEC, str(PEER_OPS), synth,
                    "--shared-parameters"], check=True)
    synth_copy, removed = compat_copy(synth, f"synth-{PEER_OPS}")
    docs.append((f"synthetic, {PEER_OPS} operations, shared and path-level parameters", synth, synth_copy,
                 f"progenitor gets the compatible copy ({len(removed.splitlines())} response(s) removed)"))
    return docs


def measure_peers():
    """Both generators on every document both accept: RUNS full generates each."""
    rows = []
    for label, ours_spec, prog_spec, note in peer_documents():
        key = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40]
        log(f"generators on {label}")
        row = {"label": label, "note": note,
               "ours": measure_generator(ours_generate, ours_spec, f"peer-ours-{key}")}
        if PROGENITOR and prog_spec:
            row["progenitor"] = measure_generator(progenitor_generate, prog_spec, f"peer-prog-{key}")
        else:
            row["progenitor"] = {"ok": False, "error": "cargo-progenitor is not installed"}
        rows.append(row)
    return rows


def peers_markdown(rows, machine_line):
    out = [PEERS_BEGIN,
           "## Generator vs cargo-progenitor on every document both accept",
           "",
           machine_line,
           "",
           f"Median over {RUNS} full generates into a fresh directory; peak memory is `/usr/bin/time` max RSS. "
           "Targets: ours ≥ 10× faster, peak memory ≤ ¼ of progenitor's.",
           "",
           "| document | ours: wall ms (CPU ms) | progenitor: wall ms (CPU ms) | speed, progenitor / ours | "
           "ours: peak MiB | progenitor: peak MiB | memory, ours / progenitor | note |",
           "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        o, p = r["ours"], r["progenitor"]
        if not o.get("ok") or not p.get("ok"):
            err = (o.get("error") or p.get("error") or "").splitlines()
            out.append(f"| {r['label']} | failed: `{(err[0] if err else '')[:160]}` | | | | | | {r['note']} |")
            continue
        out.append(
            f"| {r['label']} | {o['time']['median'] * 1e3:.0f} ({o['cpu']['median'] * 1e3:.0f}) | "
            f"{p['time']['median'] * 1e3:.0f} ({p['cpu']['median'] * 1e3:.0f}) | "
            f"**{ratio(p['time']['median'], o['time']['median'])}** (CPU {ratio(p['cpu']['median'], o['cpu']['median'])}) | "
            f"{o['rss']['median'] / 1024:.1f} | {p['rss']['median'] / 1024:.1f} | "
            f"**{ratio(o['rss']['median'], p['rss']['median'])}** | {r['note']} |")
    out.append(PEERS_END)
    return "\n".join(out)


def main_generators():
    """Only the generator comparison; replaces its section of BENCHMARKS.md, keeps the rest."""
    m = machine()
    load_before = os.getloadavg()[0]
    results = measure_peers()
    load_after = os.getloadavg()[0]
    # The load average is what says whether wall times are comparable with another run's: say it, measured.
    busy = max(load_before, load_after) >= 1.0
    line = (f"Measured on {m['date']} with `{COMMAND}`: {m['nproc']} CPUs, {m['rustc']}. Load average "
            f"(1 min) {load_before:.1f} before the run and {load_after:.1f} after it (both tools included); "
            + ("the machine was shared with other work, which inflates wall times of both tools; CPU time "
               "(user + system) is less disturbed." if busy else
               "nothing else ran on the machine."))
    section = peers_markdown(results, line)
    path = os.path.join(ROOT, "BENCHMARKS.md")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
    if PEERS_BEGIN in text and PEERS_END in text:
        head, rest = text.split(PEERS_BEGIN, 1)
        text = head + section + rest.split(PEERS_END, 1)[1]
    else:
        anchor = "## Generator scaling"
        text = text.replace(anchor, section + "\n\n" + anchor, 1) if anchor in text else text + "\n" + section + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def sanitize_for_progenitor(error):
    """A copy of the spec with the construct progenitor rejected removed, and what was removed."""
    out = os.path.join(WORK, "kafka-for-progenitor.yaml")
    proc = sh([PYTHON, os.path.join(ROOT, "bench", "progenitor_compat.py"), SPEC, out])
    if proc.returncode != 0:
        return None, proc.stderr.strip()
    return out, proc.stdout.strip()


# ---------------------------------------------------------------------------------------------
# Crate build cost


# Every crate-only build runs with the same profile settings. Our workspace's root Cargo.toml sets
# `[profile.dev] debug = "line-tables-only"`, which would apply to ours only: progenitor's crate is a
# workspace of its own and gets Cargo's default (full debuginfo). The environment variable overrides
# `[profile.dev]` for both; everything else (incremental, 256 codegen units, opt-level 0) is Cargo's
# dev default in both. Dependencies are built once, before the timed runs.
BUILD_DEBUG = os.environ.get("BENCH_BUILD_DEBUG", "line-tables-only")


def cargo_env(target):
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = target
    env["CARGO_PROFILE_DEV_DEBUG"] = BUILD_DEBUG
    return env


def crate_build(builds):
    """Crate-only build times. `builds` maps a name to (cwd, target, package, extra_args). Builds
    every dependency once, then RUNS rounds, each cleaning and building every crate in turn
    (alternating, so a busy spell on the shared machine falls on all of them alike)."""
    results, times = {}, {name: [] for name in builds}
    for name, (cwd, target, package, extra) in builds.items():
        warm = sh(["nice", "cargo", "build", "-p", package] + extra, cwd=cwd, env=cargo_env(target))
        if warm.returncode != 0:
            results[name] = {"ok": False, "error": warm.stderr.strip()[-3000:]}
    for _ in range(RUNS):
        for name, (cwd, target, package, extra) in builds.items():
            if name in results:
                continue
            env = cargo_env(target)
            sh(["cargo", "clean", "-p", package], cwd=cwd, env=env)
            start = time.perf_counter()
            proc = sh(["nice", "cargo", "build", "-p", package] + extra, cwd=cwd, env=env)
            times[name].append(time.perf_counter() - start)
            if proc.returncode != 0:
                results[name] = {"ok": False, "error": proc.stderr.strip()[-3000:]}
    for name in builds:
        results.setdefault(name, {"ok": True, "time": stats(times[name])})
    return results


def calling_program(sdk, sdk_dir, name):
    """A crate (in WORK) whose `main` sends every operation of an SDK, the way a program would.
    Our crate's `decode` and `into_input` (`#[inline]`) and both SDKs' `send` futures are compiled
    where they are used, so the JSON code of every operation is compiled here, not in the SDK.
    Returns (crate dir, package name, operations), or None when no operation was found."""
    head = ("use std::future::Future;\nuse std::hint::black_box;\nuse std::pin::Pin;\n\n"
            "type Fut<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;\n\n")
    if sdk == "ours":
        requests = []
        for f in sorted(glob.glob(os.path.join(sdk_dir, "src", "operations", "*", "*.rs"))):
            group = os.path.basename(os.path.dirname(f))
            with open(f) as fh:
                requests += [f"huaweicloud_kafka::operations::{group}::{m}"
                             for m in re.findall(r"impl ::huaweicloud_core::ApiRequest for (\w+)", fh.read())]
        body = head + ("use huaweicloud_kafka::{ApiRequest, Client};\n\n"
                       "fn each<R: ApiRequest + 'static>(client: &Client, request: R) -> Fut<'_> {\n"
                       "    Box::pin(async move { black_box(client.execute(request).await.is_ok()); })\n}\n\n"
                       "fn main() {\n")
        body += "".join(f"    black_box(each::<{r}> as fn(&Client, {r}) -> Fut<'_>);\n" for r in requests)
        dep, count = f'huaweicloud-kafka = {{ path = "{sdk_dir}" }}', len(requests)
        lock = os.path.join(ROOT, "Cargo.lock")
    else:
        with open(os.path.join(sdk_dir, "src", "lib.rs")) as fh:
            methods = re.findall(r"    pub fn (\w+)\(&self\) -> builder::", fh.read())
        body = head + "use kafka_progenitor::Client;\n\nfn main() {\n"
        body += "".join(f"    black_box((|c: &Client| -> Fut<'_> {{ Box::pin(async move {{ "
                        f"black_box(c.{m}().send().await.is_ok()); }}) }}) as fn(&Client) -> Fut<'_>);\n"
                        for m in methods)
        dep, count = f'{PROG_CRATE} = {{ path = "{sdk_dir}" }}', len(methods)
        lock = os.path.join(sdk_dir, "Cargo.lock")
    if not count:
        return None
    crate = os.path.join(WORK, name)
    os.makedirs(os.path.join(crate, "src"), exist_ok=True)
    with open(os.path.join(crate, "Cargo.toml"), "w") as fh:
        fh.write(f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
                 f"[dependencies]\n{dep}\n\n[workspace]\n")
    with open(os.path.join(crate, "src", "main.rs"), "w") as fh:
        fh.write(body + "}\n")
    if os.path.exists(lock):
        shutil.copy(lock, os.path.join(crate, "Cargo.lock"))
    return crate, name, count


def dep_count(cwd, package, extra=()):
    """(unique crates, TLS crates, unique crates without proc-macros) of package's normal deps."""
    base = ["cargo", "tree", "-p", package, "--prefix", "none", *extra]
    proc = sh(base + ["-e", "normal"], cwd=cwd)
    if proc.returncode != 0:
        return None, proc.stderr.strip()
    names = {re.sub(r" \(\*\)$", "", ln.strip()) for ln in proc.stdout.splitlines() if ln.strip()}
    tls = sorted({n.split()[0] for n in names if n.split()[0] in ("rustls", "native-tls", "openssl", "openssl-sys")})
    no_macros = sh(base + ["-e", "normal,no-proc-macro"], cwd=cwd)
    runtime_only = {re.sub(r" \(\*\)$", "", ln.strip()) for ln in no_macros.stdout.splitlines() if ln.strip()}
    return len(names), tls, len(runtime_only)


# ---------------------------------------------------------------------------------------------
# Requests per second


def start_mock():
    ak, sk, project = "BENCHAK0000000000000", "bench-secret", "0123456789abcdef0123456789abcdef"
    proc = subprocess.Popen(
        [MOCK, "--listen", "127.0.0.1:0", "--ak", ak, "--sk", sk, "--project-id", project, "--seed-tasks", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "RUST_LOG": "error"},
    )
    url = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"on (http://\S+)", line)
        if m:
            url = m.group(1)
            break
    if url is None:
        proc.kill()
        raise RuntimeError("the emulator did not print its address")
    return proc, url, ak, sk, project


def proc_cpu_seconds(pid):
    """User + system CPU seconds of process pid (clock ticks of 1/100 s)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rps():
    mock, url, ak, sk, project = start_mock()
    rust, python = [], []
    errors = []
    try:
        for _ in range(RPS_ROUNDS):
            common = [url, ak, sk, project, "bench-instance"]
            mock_cpu = proc_cpu_seconds(mock.pid)
            r = sh([RPS, "--endpoint", url, "--ak", ak, "--sk", sk, "--project", project,
                    "--instance", "bench-instance", "--workers", str(RPS_WORKERS),
                    "--requests", str(RPS_RUST_REQUESTS), "--max-seconds", str(RPS_MAX_SECONDS), "--limit", "10"])
            if r.returncode != 0:
                errors.append(f"rust: {r.stderr.strip()}")
            else:
                rust.append(json.loads(r.stdout.strip().splitlines()[-1]))
                rust[-1]["mock_cpu_seconds"] = proc_cpu_seconds(mock.pid) - mock_cpu
            mock_cpu = proc_cpu_seconds(mock.pid)
            p = sh([PYTHON, os.path.join(ROOT, "bench", "rps_python.py")] + common
                   + [str(RPS_WORKERS), str(RPS_PY_REQUESTS), str(RPS_MAX_SECONDS), "10"])
            if p.returncode != 0:
                errors.append(f"python: {p.stderr.strip()[-2000:]}")
            else:
                python.append(json.loads(p.stdout.strip().splitlines()[-1]))
                python[-1]["mock_cpu_seconds"] = proc_cpu_seconds(mock.pid) - mock_cpu
    finally:
        mock.send_signal(signal.SIGTERM)
        try:
            mock.wait(timeout=10)
        except subprocess.TimeoutExpired:
            mock.kill()
    return {"rust": rust, "python": python, "errors": errors}


# ---------------------------------------------------------------------------------------------
# Report


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"


def main():
    report = {"machine": machine()}
    log("criterion results")
    report["criterion"] = criterion_results()
    log("instruction counts (callgrind)")
    report["callgrind"] = callgrind_counts()

    log("generator: ours on spec/kafka.yaml")
    report["ours"] = measure_generator(ours_generate, SPEC, "ours")

    report["progenitor"] = {"ok": False, "error": "cargo-progenitor is not installed (see run.sh output)"}
    report["progenitor_sanitized"] = None
    if PROGENITOR:
        log("generator: progenitor on spec/kafka.yaml")
        report["progenitor"] = measure_generator(progenitor_generate, SPEC, "progenitor")
        if not report["progenitor"]["ok"]:
            copy, removed = sanitize_for_progenitor(report["progenitor"]["error"])
            report["progenitor_removed"] = removed
            if copy:
                log("generator: progenitor on a compatible copy of the spec")
                report["progenitor_sanitized"] = measure_generator(progenitor_generate, copy, "progenitor-compat")
                report["progenitor_sanitized"]["spec"] = copy

    log("generator: synthetic specs")
    report["synthetic"] = synthetic()

    report["peers"] = measure_peers()

    report["deps_ours"] = dep_count(ROOT, "huaweicloud-kafka")
    prog = report["progenitor"] if report["progenitor"].get("ok") else report.get("progenitor_sanitized")
    builds = {
        "build_ours_all": (ROOT, BT, "huaweicloud-kafka", []),
        "build_ours_one": (ROOT, BT, "huaweicloud-kafka",
                           ["--no-default-features", "--features", "background_task_management"]),
    }
    report["build_prog"] = None
    report["deps_prog"] = None
    if prog and prog.get("ok"):
        shutil.rmtree(PROG_CRATE_DIR, ignore_errors=True)
        shutil.copytree(prog["out"], PROG_CRATE_DIR)
        builds["build_prog"] = (PROG_CRATE_DIR, PROG_TARGET, PROG_CRATE, [])
        report["deps_prog"] = dep_count(PROG_CRATE_DIR, PROG_CRATE)
        report["deps_prog_tls"] = dep_count(PROG_CRATE_DIR, PROG_CRATE, ["--features", "reqwest/rustls"])
    # A program sending every operation, for each SDK. Each has a target dir of its own, so that
    # `cargo clean -p` of an SDK above does not take the program's copy of it too.
    report["calls_ops"] = {}
    sdks = [("call_ours", "ours", os.path.join(ROOT, "generated", "kafka"), BT)]
    if "build_prog" in builds:
        sdks.append(("call_prog", "progenitor", PROG_CRATE_DIR, PROG_TARGET))
    for key, sdk, sdk_dir, target in sdks:
        program = calling_program(sdk, sdk_dir, f"calls-every-op-{sdk}")
        if program:
            builds[key] = (program[0], target.rstrip("/") + "-calls", program[1], [])
            report["calls_ops"][key] = program[2]
    log(f"crate-only builds, alternating ({', '.join(builds)}), CARGO_PROFILE_DEV_DEBUG={BUILD_DEBUG}")
    report.update(crate_build(builds))

    log("requests per second over loopback")
    report["rps"] = rps()

    with open(os.path.join(WORK, "report.json"), "w") as f:
        json.dump(report, f, indent=1, default=str)
    write_markdown(report)
    log(f"raw results: {os.path.join(WORK, 'report.json')}")


def write_markdown(r):
    m = r["machine"]
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("Written by `bench/run.sh`; every number below comes from one run of:")
    w("")
    w("```sh")
    w(COMMAND)
    w("```")
    w("")
    w(f"Run on {m['date']}: {m['nproc']} CPUs (`nproc`), {m['kernel']}, {m['rustc']}, Python {m['python']}.")
    w("")
    w("```text")
    w("\n".join(m["lscpu"]))
    w(m["free"])
    w("```")
    w("")
    w(f"Median, min and max are over {RUNS} runs unless a row says otherwise; ratios are of medians "
      "measured in this same run. The machine is shared (other builds may run), so min is the least "
      "disturbed figure.")
    w("")

    # Generator
    o = r["ours"]
    p = r["progenitor"]
    ps = r.get("progenitor_sanitized")
    w("## Generator: `codegen generate` vs `cargo progenitor` on `spec/kafka.yaml`")
    w("")
    w("| tool | wall time median (ms) | min | max | CPU time median (ms) | peak RSS median (MiB) | generated Rust lines | files | no-op regenerate: files rewritten |")
    w("|---|---|---|---|---|---|---|---|---|")

    def gen_row(name, g):
        t = fmt_stats(g["time"], 1e3, 1)
        w(f"| {name} | {t[0]} | {t[1]} | {t[2]} | {g['cpu']['median'] * 1e3:.0f} | {g['rss']['median'] / 1024:.1f} | "
          f"{g['lines']} | {g['files']} | {g['noop_rewritten']} of {g['files']} |")

    if o.get("ok"):
        gen_row("codegen (ours)", o)
    if p.get("ok"):
        gen_row("cargo-progenitor, builder interface", p)
    if ps and ps.get("ok"):
        gen_row("cargo-progenitor, builder interface, on the compatible copy (see below)", ps)
    w("")
    peer = p if p.get("ok") else ps
    if o.get("ok") and peer and peer.get("ok"):
        w(f"- Speed: progenitor / ours = **{ratio(peer['time']['median'], o['time']['median'])}** "
          "(target: ≥ 5×).")
        w(f"- Lines: ours / progenitor = **{ratio(o['lines'], peer['lines'])}** (target: < 1×). Ours counts "
          "every `.rs` file written (types, operations, client, builders); progenitor's is its `src/lib.rs`.")
        w(f"- Peak memory: ours / progenitor = {ratio(o['rss']['median'], peer['rss']['median'])}.")
    if not p.get("ok"):
        w("")
        w("**progenitor rejected `spec/kafka.yaml`** (exit status "
          f"{p.get('exit', '?')}); what it printed, verbatim:")
        w("")
        w("```text")
        w(p.get("error", "")[:4000])
        w("```")
        if r.get("progenitor_removed") is not None:
            w("")
            w("The comparison row above uses a copy made by `bench/progenitor_compat.py`, which removed:")
            w("")
            w("```text")
            w(r["progenitor_removed"][:4000])
            w("```")
    w("")
    if o.get("ok"):
        w(f"No-op regenerate of ours (same spec into the same directory): {o['noop_seconds'] * 1e3:.1f} ms, "
          f"{o['noop_rewritten']} file(s) rewritten (target: 0; compared by mtime and inode).")
        w("")

    if r.get("peers"):
        w(peers_markdown(r["peers"], "Measured in the same run as the rest of this file."))
        w("")

    # Synthetic
    w("## Generator scaling: synthetic specs (copies of the Kafka operations and schemas)")
    w("")
    w("`bench/synth_spec.py` clones every operation and schema of `spec/kafka.yaml` under new ids "
      "(`…C<k>`) and paths (`/c<k>/…`) until it has N operations.")
    w("")
    w("| operations | wall time median (ms) | min | max | CPU time median (ms) | CPU µs per operation | instructions (callgrind) | instructions per operation | peak RSS (MiB) | generated Rust lines | no-op rewritten |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    per_op, ins_per_op = [], []
    for s in r["synthetic"]:
        if not s.get("ok"):
            first = s.get("error", "").splitlines()[0] if s.get("error") else ""
            first = first.split("error: ", 1)[-1]
            w(f"| {s['ops']} | rejected: `{first[:160]}` | | | | | | | | | |")
            continue
        t = fmt_stats(s["time"], 1e3, 1)
        us = s["cpu"]["median"] / s["ops"] * 1e6
        per_op.append((s["ops"], us))
        ins = s.get("instructions")
        ins_txt = (f"{ins / 1e9:.3f} G | {ins / s['ops'] / 1e6:.2f} M") if ins else "n/a | n/a"
        if ins:
            ins_per_op.append((s["ops"], ins))
        w(f"| {s['ops']} | {t[0]} | {t[1]} | {t[2]} | {s['cpu']['median'] * 1e3:.0f} | {us:.0f} | {ins_txt} | "
          f"{s['rss']['median'] / 1024:.1f} | {s['lines']} | {s['noop_rewritten']} |")
    w("")
    if len(per_op) >= 2:
        (n0, u0), (n1, u1) = per_op[0], per_op[-1]
        w(f"CPU time per operation at {n1} vs {n0} operations: {u1 / u0:.2f}× (1.0 = perfectly linear). CPU "
          "time (user + system, `/usr/bin/time`) still moves with other builds on this shared 2-CPU machine "
          "(caches, frequency); the instruction count below is the repeatable measure.")
        xs = [n for n, _ in per_op]
        ys = [u * n / 1e3 for n, u in per_op]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        intercept = my - slope * mx
        ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys))
        ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
        w(f"Least-squares line over the sizes that generated: CPU time ≈ {intercept:.0f} ms + {slope:.2f} ms × "
          f"operations, R² = {1 - ss_res / ss_tot:.3f}.")
        w("")
    if len(ins_per_op) >= 2:
        xs = [n for n, _ in ins_per_op]
        ys = [i / 1e6 for _, i in ins_per_op]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        intercept = my - slope * mx
        ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys))
        ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
        (n0, i0), (n1, i1) = ins_per_op[0], ins_per_op[-1]
        w(f"**Linearity by instruction count** (repeatable): instructions ≈ {intercept:.0f} M + {slope:.2f} M × "
          f"operations, R² = {1 - ss_res / ss_tot:.4f}; per operation at {n1} vs {n0}: "
          f"{(i1 / n1) / (i0 / n0):.2f}× (≤ 1 means no super-linear term).")
        w("")
    if any(not s.get("ok") for s in r["synthetic"]):
        w("Rejected sizes are a limit of our generator, not of the machine: `codegen` reads specs with "
          "`serde_saphyr::from_str` (codegen/src/spec/mod.rs:35), whose default budget allows 250,000 YAML "
          "nodes (serde-saphyr 2.2.0, src/de/budget.rs:295). Next step (codegen, not bench): pass an "
          "explicit, larger budget for spec files.")
        w("")

    # Crate build
    w("## Generated crate cost (dev profile, dependencies already built, only the crate rebuilt)")
    w("")
    w(f"Every build below runs with `CARGO_PROFILE_DEV_DEBUG={BUILD_DEBUG}` (`BENCH_BUILD_DEBUG`), so both SDKs are "
      "compiled alike: our workspace's Cargo.toml sets `debug = \"line-tables-only\"` for its members, while "
      "progenitor's crate, a workspace of its own, would otherwise get Cargo's default full debuginfo. Everything "
      "else is Cargo's dev default for both (incremental, 256 codegen units, opt-level 0). Each round cleans and "
      "builds every crate in turn, so the runs of the crates alternate.")
    w("")
    w("| crate | crate-only `cargo build` median (s) | min | max | dependency tree (`cargo tree -e normal`, unique crates incl. itself) | of which not proc-macro | TLS |")
    w("|---|---|---|---|---|---|---|")

    def build_row(name, b, deps):
        dn, tls, rt = deps if deps and deps[0] is not None else ("n/a", [], "n/a")
        if b and b.get("ok"):
            t = fmt_stats(b["time"], 1, 2)
            w(f"| {name} | {t[0]} | {t[1]} | {t[2]} | {dn} | {rt} | {', '.join(tls) or 'none'} |")
        elif b is None:
            w(f"| {name} | (same crate) | | | {dn} | {rt} | {', '.join(tls) or 'none'} |")
        else:
            err = b.get("error", "not built")
            w(f"| {name} | failed: `{err.splitlines()[-1] if err else ''}` | | | {dn} | {rt} | {', '.join(tls) or 'none'} |")

    build_row("huaweicloud-kafka, all features (default)", r["build_ours_all"], r["deps_ours"])
    build_row("huaweicloud-kafka, `--no-default-features --features background_task_management`",
              r["build_ours_one"], r["deps_ours"])
    if r.get("build_prog") is not None:
        build_row("progenitor's output (builder interface; as generated, reqwest without TLS)",
                  r["build_prog"], r["deps_prog"])
        build_row("progenitor's output with `--features reqwest/rustls` (to reach https endpoints)",
                  None, r.get("deps_prog_tls"))
    w("")
    bo, bp = r["build_ours_all"], r.get("build_prog")
    if bo.get("ok") and bp and bp.get("ok"):
        w(f"- Crate-only build, ours / progenitor = **{ratio(bo['time']['median'], bp['time']['median'])}** "
          f"(target: ≤ 0.5×; of the minimums: {ratio(bo['time']['min'], bp['time']['min'])}).")
    calls = [(key, label) for key, label in (("call_ours", "huaweicloud-kafka"), ("call_prog", "progenitor's output"))
             if r.get(key)]
    if calls:
        w("- Where the JSON code is compiled: our `ApiRequest::decode` and `into_input` are `#[inline]` and "
          "progenitor's `send` is an `async fn`, so in both SDKs the serde_json code for an operation's body and "
          "response types is compiled in the program that sends it, not in the SDK crate. A program that sends "
          "every operation therefore pays that for all of them:")
        w("")
        w("| program sending every operation through | operations | program crate-only build median (s) | min | max "
          "| SDK crate + program, medians (s) |")
        w("|---|---|---|---|---|---|")
        totals = {}
        for key, label in calls:
            c, sdk = r[key], r["build_ours_all"] if key == "call_ours" else bp
            if c.get("ok"):
                t = fmt_stats(c["time"], 1, 2)
                total = c["time"]["median"] + sdk["time"]["median"] if sdk and sdk.get("ok") else None
                totals[key] = total
                w(f"| {label} | {r['calls_ops'].get(key, '?')} | {t[0]} | {t[1]} | {t[2]} | "
                  f"{f'{total:.2f}' if total else 'n/a'} |")
            else:
                err = c.get("error", "not built")
                w(f"| {label} | {r['calls_ops'].get(key, '?')} | failed: `{err.splitlines()[-1] if err else ''}` | | | |")
        w("")
        if totals.get("call_ours") and totals.get("call_prog"):
            w(f"- SDK crate + a program sending every operation, ours / progenitor = "
              f"**{ratio(totals['call_ours'], totals['call_prog'])}**.")
    if r["deps_ours"] and r["deps_ours"][0] is not None:
        w(f"- Dependency tree of ours: **{r['deps_ours'][0]}** crates with TLS ({', '.join(r['deps_ours'][1])}) "
          "(target: ≤ 60). Counted as `cargo tree -p huaweicloud-kafka -e normal --prefix none`, `(*)` "
          "marks stripped, `sort -u`.")
    w("")

    # Criterion
    c = r["criterion"]
    w("## Client overhead (criterion, `cargo bench -p bench --bench client`)")
    w("")
    w("Per-iteration time over criterion's 100 samples (median / min / max of the samples).")
    w("")
    w("| benchmark | median | min | max |")
    w("|---|---|---|---|")
    for name in sorted(c):
        s = c[name]
        w(f"| `{name}` | {fmt_ns(s['median'])} | {fmt_ns(s['min'])} | {fmt_ns(s['max'])} |")
    w("")
    sign = c.get("sign/wire")
    if sign:
        w(f"- Signing one request (`sign/wire`, what the client calls: headers and target, no intermediate "
          f"strings): **{fmt_ns(sign['median'])}** median, {fmt_ns(sign['min'])} min (target: ≤ 2 µs).")
    full = c.get("sign/full_with_intermediates")
    into_map = c.get("sign/wire_into_header_map")
    if full and into_map:
        w(f"- For comparison in the same run: with every intermediate string kept (`sign_request`, for "
          f"debugging and the official vectors) {fmt_ns(full['median'])}; signing plus filling the "
          f"`http::HeaderMap` the request is sent with {fmt_ns(into_map['median'])}.")
    hand = c.get("decode_page/hand_written_serde")
    gen = c.get("decode_page/generated_type_serde_json")
    cli = c.get("decode_page/generated_client_decode")
    cg = r.get("callgrind") or {}
    if hand and gen:
        exact = ""
        if cg.get("decode-hand") and cg.get("decode-generated"):
            exact = (f"; by instruction count (table below, repeatable) "
                     f"**{cg['decode-generated'] / cg['decode-hand']:.3f}×**")
        w(f"- Decoding 10,000 tasks, generated type / hand-written struct (both `serde_json::from_slice`): "
          f"wall time {gen['median'] / hand['median']:.2f}×{exact} (target: ≤ 1.2×). The two run the same "
          "code path, so the wall-time ratio here is the machine's noise; the instruction count is the verdict.")
    if hand and cli:
        exact = ""
        if cg.get("decode-hand") and cg.get("decode-client"):
            exact = f"; by instruction count **{cg['decode-client'] / cg['decode-hand']:.3f}×**"
        w(f"- The same page through the client's decode path (`ApiRequest::decode`, which decodes through "
          f"`serde_path_to_error` to name the failing member on errors) / hand-written: wall time "
          f"{cli['median'] / hand['median']:.2f}×{exact}.")
    w("")

    if cg:
        w("Instruction counts under `valgrind --tool=callgrind` (`bench/examples/profile.rs`; repeatable, unlike "
          "the wall times above on this shared machine). Valgrind does not emulate SHA-NI, so `sha2` runs its "
          "portable code there; natively it uses SHA-NI.")
        w("")
        w("| case | instructions per operation | ratio to hand-written |")
        w("|---|---|---|")
        hand_ir = cg.get("decode-hand")
        for case, label in (("sign-wire", "sign one request (`sign_for_wire`, the client's path)"),
                            ("sign-wire-map", "sign one request and fill an `http::HeaderMap`"),
                            ("sign", "sign one request keeping every intermediate string (`sign_request`)"),
                            ("decode-hand", "decode 10,000 tasks: hand-written struct"),
                            ("decode-generated", "decode 10,000 tasks: generated type (`serde_json::from_slice`)"),
                            ("decode-client", "decode 10,000 tasks: client path (`ApiRequest::decode`)")):
            if case in cg:
                rel = f"{cg[case] / hand_ir:.3f}×" if hand_ir and case.startswith("decode") else ""
                w(f"| {label} | {cg[case]:,.0f} | {rel} |")
        w("")

    # RPS
    rp = r["rps"]
    w("## Requests per second over loopback against the emulator")
    w("")
    w(f"`huaweicloud-mock` (release) on 127.0.0.1 with 100 seeded tasks; `ListBackgroundTasks?limit=10`, "
      f"signed, {RPS_WORKERS} concurrent workers on each side (Rust: tokio tasks on one client; Python: "
      f"threads, one official `KafkaClient` each). Fixed request count per run: {RPS_RUST_REQUESTS} (Rust), "
      f"{RPS_PY_REQUESTS} (Python), at most {RPS_MAX_SECONDS:.0f} s; {RPS_ROUNDS} alternating rounds. "
      "The emulator, the client and the load generator share the same CPUs, so the Rust figure is a lower "
      "bound (the emulator is the limit).")
    w("")
    w("| client | requests/s median | min | max | client CPU per request (µs, median) | emulator CPU per request (µs, median) | errors | requests per run |")
    w("|---|---|---|---|---|---|---|---|")
    med, cpu_med = {}, {}
    for side, name in (("rust", "huaweicloud-kafka (ours)"), ("python", "huaweicloudsdkkafka 3.1.219 (official)")):
        runs = rp[side]
        if not runs:
            w(f"| {name} | failed | | | | |")
            continue
        s = stats([x["rps"] for x in runs])
        med[side] = s["median"]
        cpu = statistics.median(x["cpu_seconds"] / x["requests"] * 1e6 for x in runs)
        mock_cpu = statistics.median(x["mock_cpu_seconds"] / x["requests"] * 1e6 for x in runs)
        cpu_med[side] = cpu
        w(f"| {name} | {s['median']:.0f} | {s['min']:.0f} | {s['max']:.0f} | {cpu:.0f} | {mock_cpu:.0f} | "
          f"{sum(x['errors'] for x in runs)} | {', '.join(str(x['requests']) for x in runs)} |")
    w("")
    if len(med) == 2:
        w(f"- Ours / official = **{med['rust'] / med['python']:.1f}×** (target: ≥ 20×).")
        w(f"- Client CPU per request, official / ours = **{cpu_med['python'] / cpu_med['rust']:.1f}×**: what "
          "the clients cost when the emulator is not sharing their CPUs.")
    for e in rp["errors"]:
        w(f"- error: `{e[:500]}`")
    w("")
    notes = os.path.join(ROOT, "bench", "profile-notes.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            w(f.read().rstrip())
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main_generators() if os.environ.get("BENCH_ONLY") == "generators" else main()
