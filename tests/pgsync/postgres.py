"""A real PostgreSQL server for tests: initdb and pg_ctl (Debian's
postgresql package) into a temporary directory, on a free loopback port.

initdb refuses to run as root, so as root the cluster belongs to the
`postgres` user (runuser); as anyone else it is the caller's own.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

import psycopg2


def bindir():
    return subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                          check=True).stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """One cluster. start() / stop() / close(); replica() makes a streaming standby."""

    def __init__(self, base=None):
        self.root = base is None
        self.tmp = tempfile.mkdtemp(prefix="pgsync-pg-") if base is None else base
        self.data = os.path.join(self.tmp, "data" if base is None else f"data-{free_port()}")
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres and base is None:
            shutil.chown(self.tmp, "postgres", "postgres")

    def _run(self, *args, check=True):
        cmd = [os.path.join(bindir(), args[0])] + list(args[1:])
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120,
                              cwd=self.tmp)

    def _configure(self):
        with open(os.path.join(self.data, "postgresql.auto.conf"), "a") as f:
            f.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.tmp}'\n"
                    "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                    # A test cluster: no durability across an OS crash, none needed.
                    "fsync = off\nfull_page_writes = off\n")

    def init(self):
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self._configure()
        return self

    def start(self):
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.data, "server.log"), "-w",
                  "-t", "60", "start")
        return self

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def replica(self):
        """A streaming standby of this cluster (pg_basebackup -R), started."""
        standby = Postgres(base=self.tmp)
        self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "-D", standby.data, "-R", "-X", "stream", "--no-sync")
        standby._configure()
        return standby.start()

    def dsn(self):
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def connect(self):
        c = psycopg2.connect(self.dsn())
        c.autocommit = True
        return c

    def query(self, sql, args=()):
        c = self.connect()
        try:
            with c.cursor() as cur:
                cur.execute(sql, args)
                return cur.fetchall()
        finally:
            c.close()

    def log(self):
        try:
            with open(os.path.join(self.data, "server.log")) as f:
                return f.read()
        except OSError:
            return ""

    def close(self):
        self.stop(mode="immediate")
        if self.root:
            shutil.rmtree(self.tmp, ignore_errors=True)


def wait_for(predicate, timeout=60.0, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if predicate():
                return
        except psycopg2.Error:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
