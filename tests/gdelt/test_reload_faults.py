"""kill -9 during the reload of a large GDELT export: the store holds the state before it or after it, never a mix."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from dyad.store import STATE_GRAPH, DyadStore
from dyad.store.embedded import backup_folder

ROWS = 6_000


def write_export(shared: Path, path: Path, *, variant: int) -> None:
    """``ROWS`` records from the real rows of a 2018 export, with fresh ids (another variant: other ids and dates)."""
    source = (shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV").read_text(encoding="utf-8").splitlines()
    lines = []
    for index in range(ROWS):
        fields = source[index % len(source)].split("\t")
        fields[0] = str(2_000_000_000 + variant * 1_000_000 + index)
        fields[1] = f"20{10 + variant}0{1 + index % 9}1{index % 10}"
        lines.append("\t".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def digest(store_path: Path) -> str:
    """The content of the store (its bookkeeping stamps aside), opened as the next command would."""
    store = DyadStore(store_path)
    try:
        lines = sorted(str(q) for q in store.oxigraph if not (hasattr(q.graph_name, "value") and q.graph_name.value == str(STATE_GRAPH)))
    finally:
        store.close()
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def dyad(store: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from dyad.cli import main; main()", "--store", str(store), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def copy_store(source: Path, target: Path) -> None:
    for suffix in ("", ".gdelt-scans"):
        if Path(str(source) + suffix).exists():
            shutil.copytree(str(source) + suffix, str(target) + suffix)


def test_kill_9_during_a_reload_leaves_the_before_or_the_after_state(shared, tmp_path):
    export = tmp_path / "20180101000000.export.CSV"
    write_export(shared, export, variant=0)
    before = tmp_path / "before" / "store"
    assert dyad(before, "load", str(export)).wait() == 0
    before_digest = digest(before)
    write_export(shared, export, variant=1)  # the export changed: the next load replaces it
    after = tmp_path / "after" / "store"
    copy_store(before, after)
    start = time.perf_counter()
    assert dyad(after, "load", str(export)).wait() == 0
    full = time.perf_counter() - start
    after_digest = digest(after)
    assert after_digest != before_digest
    seen = set()
    for number, fraction in enumerate((0.15, 0.35, 0.55, 0.75, 0.9)):
        store = tmp_path / f"kill{number}" / "store"
        copy_store(before, store)
        process = dyad(store, "load", str(export))
        time.sleep(full * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if (backup_folder(store) / "journal.tsv").exists():
            seen.add("mid-write")
        found = digest(store)  # the next command: restores a backup left behind first
        assert found in (before_digest, after_digest), f"killed at {fraction:.0%} of the reload: neither before nor after"
        assert not backup_folder(store).exists()
        seen.add("before" if found == before_digest else "after")
    assert "mid-write" in seen, seen  # at least one kill landed while graphs were being replaced


def test_a_folder_load_killed_midway_resumes_and_its_aggregates_count_every_file_once(shared, tmp_path):
    from test_aggregates import stored_aggregates, sums_from_the_records

    folder = tmp_path / "exports"
    folder.mkdir()
    for number in range(4):
        write_export(shared, folder / f"2018010{number}000000.export.CSV", variant=number)
    store = tmp_path / "store"
    start = time.perf_counter()
    process = dyad(store, "load", str(folder), "--commit-each-file", "--countries", "PRK")
    time.sleep(3.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert dyad(store, "load", str(folder), "--commit-each-file", "--countries", "PRK").wait() == 0
    assert time.perf_counter() - start < 300
    opened = DyadStore(store)
    try:
        assert stored_aggregates(opened) == sums_from_the_records(sorted(folder.iterdir()))
    finally:
        opened.close()


def test_the_scanning_processes_of_a_folder_load_killed_with_9_exit_too(shared, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    rows = (shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV").read_bytes()
    for number in range(8):
        (folder / f"2018010{number}000000.export.CSV").write_bytes(rows * 40)
    process = dyad(tmp_path / "store", "load", str(folder), "--commit-each-file", "--countries", "PRK")
    children = scanning_processes(process.pid, until=time.monotonic() + 60)
    assert children, "the load started no scanning process"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if alive(pid)], "scanning processes outlived the killed load"


def scanning_processes(parent: int, *, until: float) -> list[int]:
    """The spawned children of ``parent`` (its scanning processes), once there are some."""
    def command(pid: int) -> bytes:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return b""

    while time.monotonic() < until:
        try:
            children = [int(pid) for pid in Path(f"/proc/{parent}/task/{parent}/children").read_text().split()]
        except FileNotFoundError:
            return []
        spawned = [pid for pid in children if b"spawn_main" in command(pid)]
        if spawned:
            return spawned
        time.sleep(0.05)
    return []


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for init to reap it is not running)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False
