"""The server's configuration file and the JVM command line (with a class-data-sharing archive for fast starts).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"


def conf(run_dir: Path, *, bolt_port: int, http_port: int, auth: bool, pagecache: str = "128m") -> str:
    # Unknown keys stop the server: keep this list short and exact for 5.26.
    lines = [
        "# Written by dyad.neo4j.server at each start; edits are overwritten.",
        f"server.directories.data={run_dir / 'data'}",
        f"server.directories.logs={run_dir / 'logs'}",
        f"server.directories.run={run_dir / 'run'}",
        f"server.directories.plugins={run_dir / 'plugins'}",
        f"server.directories.import={run_dir / 'import'}",
        f"server.directories.transaction.logs.root={run_dir / 'data' / 'transactions'}",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        f"server.http.advertised_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        f"dbms.security.auth_enabled={'true' if auth else 'false'}",
        f"server.memory.pagecache.size={pagecache}",
        "dbms.usage_report.enabled=false",
        # Preallocation made each database's first transaction log 256 MiB on disk from the start.
        "db.tx_log.preallocate=false",
        # Netty's default 5 s quiet period, paid twice, made every clean stop take 10 s more.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    ]
    return "\n".join(lines) + "\n"


def java_command(java: str, lib: Path, run_dir: Path, heap: str, extra: Sequence[str] = (),
                 classpath: Sequence[Path] = ()) -> list[str]:
    # Heap flags belong on the command line: neo4j.conf's JVM keys are read only by bin/neo4j.
    return [
        java,
        f"-Xmx{heap}",
        *extra,
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-OmitStackTraceInFastThrow",
        "-Dfile.encoding=UTF-8",
        "-Djdk.nio.maxCachedBufferSize=1024",
        "-Dlog4j2.disable.jmx=true",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-cp", os.pathsep.join(f"{folder}{os.sep}*" for folder in (lib, *classpath)),
        ENTRY_POINT,
        f"--home-dir={run_dir}",
        f"--config-dir={run_dir / 'conf'}",
    ]


# Class data sharing: the first start of a version with a given Java records the classes it
# loads into an archive (written when that server stops cleanly); later starts map it, which
# halves the CPU time to Bolt-ready. A stale or foreign archive is ignored by the JVM itself.
_CDS_DUMP_STALE_AFTER = 3600.0


def _cds_archive(lib: Path, java: str, kind: str) -> Path:
    real = os.path.realpath(java)
    key = f"{real}:{os.stat(real).st_mtime_ns}"
    return lib.parent / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:12]}.jsa"


def cds_jvm_options(lib: Path, java: str, kind: str = "classes") -> tuple[list[str], Path | None]:
    """JVM options that use the class archive, or that write it; and the partial file being written.

    ``kind`` names the archive: the server's (``classes``) or another program's of the same jars
    (``importer``: ``neo4j-admin database import`` loads other classes).
    """
    archive = _cds_archive(lib, java, kind)
    if archive.is_file():
        return [f"-XX:SharedArchiveFile={archive}"], None
    now = time.time()
    for partial in archive.parent.glob(f"{archive.name}.*.partial"):
        try:
            if now - partial.stat().st_mtime < _CDS_DUMP_STALE_AFTER:
                return [], None  # another server will write it
            partial.unlink()
        except OSError:
            continue
    partial = archive.with_name(f"{archive.name}.{secrets.token_hex(4)}.partial")
    partial.touch()
    # -Xlog:cds=error hides thousands of "Skipping ...: Signed JAR" notes at the dump.
    return [f"-XX:ArchiveClassesAtExit={partial}", "-Xlog:cds=error"], partial


def finish_cds_dump(partial: Path | None, *, clean_exit: bool) -> None:
    if partial is None:
        return
    final = partial.with_name(partial.name.split(".", 2)[0] + ".jsa")
    try:
        if clean_exit and partial.is_file() and partial.stat().st_size > 0 and not final.exists():
            partial.replace(final)
            logger.info("saved the class archive %s for faster starts", final)
        else:
            partial.unlink(missing_ok=True)
    except OSError as error:
        logger.warning("could not keep the class archive %s: %s", partial, error)
