"""A real, throw-away PostgreSQL server for tests, benchmarks and the soak run.

``PgServer`` runs ``initdb`` in a fresh temporary directory, starts the server with ``pg_ctl`` on a free
loopback port and removes everything on ``stop()``. The superuser ``admin`` logs in with a password over
TCP (scram-sha-256), exactly like a real central store, so wrong passwords really are refused.

With ``tls=True`` it also makes a private CA, a server certificate for ``localhost``/``127.0.0.1`` and a
client certificate factory (``client_cert(user)``), and only accepts TLS connections that present a client
certificate signed by that CA: the set-up the "missing certificate is refused" tests need.

PostgreSQL refuses to run as root; when the tests run as root (CI does), the server commands run as the
``postgres`` system user on a directory it owns.

Usage from any test or script::

    from pgserver import PgServer          # tests/ is on sys.path under pytest
    with PgServer() as pg:
        conn = psycopg.connect(pg.dsn())   # admin connection string
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin-test-password"


def find_bindir() -> Path:
    """Where initdb/pg_ctl live: ``pg_config --bindir`` if it has them, else Debian's versioned dir."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for cand in candidates:
        if cand and (Path(cand) / "initdb").is_file() and (Path(cand) / "pg_ctl").is_file():
            return Path(cand)
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; run `make test` to install them")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> list[str]:
    """Prefix that runs a command as ``postgres`` when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _chown_server(path: Path) -> None:
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(path, pw.pw_uid, pw.pw_gid)


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class PgServer:
    """One PostgreSQL cluster in a temporary directory; ``start()``/``stop()`` or use as a context manager."""

    def __init__(self, *, tls: bool = False, port: int | None = None) -> None:
        self.bindir = find_bindir()
        self.tls = tls
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.root = Path(tempfile.mkdtemp(prefix="station-pg-"))
        os.chmod(self.root, 0o755)  # the server user must reach its data dir; the CA keys stay in certs/
        self.datadir = self.root / "data"
        self.certdir = self.root / "certs"  # CA and client keys: the test process's, not the server's
        self.running = False

    # -- life cycle -------------------------------------------------------------------------------
    def __enter__(self) -> "PgServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*_as_server_user(), *args], capture_output=True, text=True, check=False)

    def _initdb(self) -> None:
        self.datadir.mkdir(mode=0o700)
        _chown_server(self.datadir)
        pwfile = self.root / "pwfile"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        _chown_server(pwfile)
        res = self._run(
            str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", ADMIN_USER, f"--pwfile={pwfile}",
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
            "--no-sync",
        )
        pwfile.unlink()
        if res.returncode != 0:
            raise RuntimeError(f"initdb failed: {res.stderr}")
        conf = ["fsync = on", "max_connections = 200", "shared_buffers = 64MB"]
        hba = ["local all all scram-sha-256"]
        if self.tls:
            self._make_certs()
            conf += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'",
                     "ssl_ca_file = 'root.crt'"]
            hba += ["hostnossl all all 0.0.0.0/0 reject",
                    "hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-full"]
        else:
            hba += ["host all all 127.0.0.1/32 scram-sha-256"]
        with open(self.datadir / "postgresql.conf", "a") as f:
            f.write("\n".join(conf) + "\n")
        (self.datadir / "pg_hba.conf").write_text("\n".join(hba) + "\n")

    def _make_certs(self) -> None:
        """A private CA, a server cert valid for localhost and 127.0.0.1 (verify-full works)."""
        d = self.certdir
        d.mkdir(mode=0o700)
        _openssl("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-days", "2", "-subj", "/CN=Station Test CA",
                 "-keyout", "root.key", "-out", "root.crt", cwd=d)
        _openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-subj", "/CN=localhost",
                 "-keyout", "server.key", "-out", "server.csr", cwd=d)
        (d / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        _openssl("x509", "-req", "-in", "server.csr", "-CA", "root.crt", "-CAkey", "root.key", "-CAcreateserial",
                 "-days", "2", "-extfile", "san.ext", "-out", "server.crt", cwd=d)
        for name in ("server.crt", "server.key", "root.crt"):
            target = self.datadir / name
            shutil.copy(d / name, target)
            os.chmod(target, 0o600)
            _chown_server(target)

    def client_cert(self, user: str) -> tuple[Path, Path]:
        """A client certificate (CN = role name) signed by the test CA; returns (cert, key) paths, key 0600."""
        d = self.certdir
        key, csr, crt = d / f"{user}.key", d / f"{user}.csr", d / f"{user}.crt"
        if not crt.exists():
            _openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-subj", f"/CN={user}",
                     "-keyout", key.name, "-out", csr.name, cwd=d)
            _openssl("x509", "-req", "-in", csr.name, "-CA", "root.crt", "-CAkey", "root.key", "-CAcreateserial",
                     "-days", "2", "-out", crt.name, cwd=d)
            os.chmod(key, 0o600)
        return crt, key

    @property
    def ca_cert(self) -> Path:
        return self.certdir / "root.crt"

    def start(self) -> None:
        if not self.datadir.exists():
            self._initdb()
        opts = f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1"
        res = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-o", opts, "-l",
                        str(self.datadir / "server.log"), "-w", "-t", "60", "start")
        if res.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {res.stdout}{res.stderr}")
        self.running = True

    def stop(self, *, remove: bool = True) -> None:
        if self.running:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop")  # throw-away data: no need to wait
            self.running = False
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    def restart(self, mode: str = "immediate") -> None:
        """Stop (``immediate`` = like a crash: clients see their connections cut) and start again."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", mode, "-w", "stop")
        self.running = False
        self.start()

    # -- connecting -------------------------------------------------------------------------------
    def dsn(self, user: str = ADMIN_USER, password: str = ADMIN_PASSWORD, dbname: str = "postgres", **extra: str) -> str:
        parts = {"host": self.host, "port": str(self.port), "user": user, "password": password, "dbname": dbname}
        if self.tls and user == ADMIN_USER and "sslcert" not in extra:
            crt, key = self.client_cert(user)
            parts.update(sslmode="verify-full", sslrootcert=str(self.ca_cert), sslcert=str(crt), sslkey=str(key))
        parts.update(extra)
        return " ".join(f"{k}='{v}'" for k, v in parts.items())

    def create_database(self, name: str) -> str:
        """A fresh database on this server; returns the admin DSN for it."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(dbname=name)
