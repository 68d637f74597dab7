"""Servers that benchmarks and fault tests start for themselves, on 127.0.0.1 only.

- ``DemoSite``: a throwaway copy of the demo site (SQLite file, media and collected
  static files in a folder of the caller's) served by gunicorn under production
  settings, so the project's own database is never touched;
- ``RedisServer``: a ``redis-server`` on a free port that keeps nothing on disk, which
  the caller can kill, pause (``SIGSTOP``), resume and start again on the same port.

Every wait here is bounded in time.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = PROJECT / ".venv" / "bin" / "python"
GUNICORN = PROJECT / ".venv" / "bin" / "gunicorn"
START_SECONDS = 60
NOTHING_ON_DISK = ("--save", "", "--appendonly", "no")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as connection:
            if connection.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {seconds}s")


class DemoSite:
    """The demo site built in ``folder`` and served by gunicorn (``benchmarks.settings``)."""

    def __init__(self, folder, database_url=None):
        self.folder = Path(folder)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url or f"sqlite:///{self.folder / 'site.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(self.folder / "static"),
            "DJANGO_MEDIA_ROOT": str(self.folder / "media"),
            "PYTHONPATH": str(PROJECT),
        }
        for unset in ("ELASTICSEARCH_URL", "REDIS_URL"):
            self.env.pop(unset, None)

    def build(self):
        """Migrate, load the demo content and collect static files; returns the seconds it took."""
        started = time.perf_counter()
        for command in (["migrate", "--noinput"], ["load_demo_content"], ["collectstatic", "--noinput"]):
            self.manage(*command)
        return time.perf_counter() - started

    def manage(self, *command, timeout=600):
        """Run ``manage.py`` against this site; its output, or an error with its output."""
        done = subprocess.run(
            [PYTHON, "manage.py", *command],
            env=self.env,
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    @contextlib.contextmanager
    def serve(self, log_path, workers=2, **environment):
        """gunicorn on a free loopback port, ``environment`` added; yields its base URL, stops on exit."""
        port = free_port()
        command = [GUNICORN, "cms.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                command,
                env={**self.env, **environment},
                cwd=PROJECT,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
            base_url = f"http://127.0.0.1:{port}"
            try:
                self.wait_until_up(base_url, server, log_path)
                yield base_url
            finally:
                stop(server)

    @staticmethod
    def wait_until_up(base_url, server, log_path):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited (status {server.returncode}); see {log_path}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base_url + "/robots.txt", timeout=2).close()  # noqa: S310 (loopback)
                return
            time.sleep(0.3)
        raise TimeoutError(f"gunicorn did not answer within {START_SECONDS}s; see {log_path}")


def stop(process):
    """SIGTERM to the process group, SIGKILL if it has not gone within 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGCONT)
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class RedisServer:
    """A throwaway ``redis-server`` on a free loopback port that a test or benchmark can break."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), *NOTHING_ON_DISK],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def kill(self):
        """Gone at once, with everything it held (it keeps nothing on disk)."""
        self.process.kill()
        self.process.wait(timeout=10)

    def pause(self):
        """Still accepting connections, never answering: a hung server."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def drop_connections(self):
        """Close every client connection, as a restart or a network blip would, keeping the data."""
        import redis

        admin = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)
        admin.client_kill_filter(_type="normal", skipme=True)
        admin.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            stop(self.process)
