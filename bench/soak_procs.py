"""The soak's processes: real ``station`` subprocesses, killed at random moments and started again.

Every subprocess runs in its own session, and a kill is ``SIGKILL`` to the whole process group
(what a power cut or systemd's control-group kill does: page workers die with their parent).
Operator steps (``station scan``, ``station batches --resume``/``--close``) run in the foreground
and may be killed at a random moment of their run; services (``station watch``, ``station sync
--watch``) are supervised and restarted after every death, as systemd's ``Restart=always`` would.
Memory of the services (PSS, USS, anonymous) is sampled over the run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil


@dataclass
class Desk:
    """How to run ``station`` for the soak's desk (its settings file and data directory)."""

    root: Path
    config: Path
    data_dir: Path
    logs: Path

    def env(self, config: Path | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env.update(STATION_CONFIG=str(config or self.config), STATION_DATA_DIR=str(self.data_dir),
                   PYTHONUNBUFFERED="1", OMP_THREAD_LIMIT="1", XDG_CONFIG_HOME=str(self.root / "xdg-config"))
        return env

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "station", *args]


@dataclass
class Run:
    kind: str
    popen: subprocess.Popen
    started: float
    log: Path
    killed: bool = False

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""


@dataclass
class Chaos:
    """Launches station processes and kills some of them; counts what it did."""

    desk: Desk
    rng: random.Random
    kills: Counter = field(default_factory=Counter)
    launches: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)  # wall time of the foreground steps, by kind
    enabled: bool = True
    _seq: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def launch(self, kind: str, args: list[str], config: Path | None = None) -> Run:
        with self._lock:
            self._seq += 1
            log = self.desk.logs / f"{self._seq:05d}-{kind}.log"
        fh = open(log, "wb")
        popen = subprocess.Popen(self.desk.argv(*args), env=self.desk.env(config), stdout=fh, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
        fh.close()
        self.launches[kind] += 1
        return Run(kind, popen, time.monotonic(), log)

    def kill(self, run: Run) -> bool:
        """SIGKILL the run's whole process group, if it is still alive; True if it was."""
        with self._lock:
            if run.popen.poll() is not None:
                return False
            run.killed = True  # before the signal: a supervisor woken by the death must already see it
            try:
                os.killpg(run.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                run.killed = False
                return False
            self.kills[run.kind] += 1
        run.popen.wait()
        return True

    def step(self, kind: str, args: list[str], *, kill_p: float, window: tuple[float, float],
             config: Path | None = None, timeout: float = 600.0) -> Run:
        """One foreground operator step; with probability ``kill_p`` it is killed at a random moment
        of ``window`` seconds after its start (if it is still running then)."""
        run = self.launch(kind, args, config)
        deadline = run.started + self.rng.uniform(*window) if self.enabled and self.rng.random() < kill_p else None
        while run.popen.poll() is None:
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                self.kill(run)
                break
            if now - run.started > timeout:
                self.kill(run)
                self.kills[kind] -= 1  # a hang is not a planned kill: the caller sees it as a failure
                raise TimeoutError(f"{kind} {' '.join(args)} ran over {timeout:.0f} s; log {run.log}")
            time.sleep(0.05)
        self.seconds[kind] += time.monotonic() - run.started
        return run


class Service(threading.Thread):
    """A supervised long-running station process (restarted after every death, like systemd)."""

    def __init__(self, chaos: Chaos, kind: str, args: list[str], restart_s: float = 0.3, killable: bool = True) -> None:
        super().__init__(name=f"service-{kind}", daemon=True)
        self.chaos, self.kind, self.args, self.restart_s = chaos, kind, args, restart_s
        self.killable = killable  # False: the long-lived instance, never killed, whose memory is judged
        self.current: Run | None = None
        self.stopping = threading.Event()
        self.deaths = 0  # exits we did not cause (crashes): must stay 0
        self.death_codes: list[int | None] = []  # their exit status (negative: the signal)
        self.runs: list[Run] = []

    def run(self) -> None:
        while not self.stopping.is_set():
            self.current = self.chaos.launch(self.kind, self.args)
            self.runs.append(self.current)
            self.current.popen.wait()
            with self.chaos._lock:  # a kill in progress finishes its bookkeeping first
                killed = self.current.killed
            if not killed and not self.stopping.is_set():
                self.deaths += 1
                self.death_codes.append(self.current.popen.returncode)
            time.sleep(self.restart_s)

    def stop(self) -> None:
        """SIGTERM (a clean stop), then wait."""
        self.stopping.set()
        run = self.current
        if run is not None and run.popen.poll() is None:
            run.popen.send_signal(signal.SIGTERM)
            try:
                run.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.chaos.kill(run)
        self.join(10)

    def kill_now(self, min_age: float = 1.0) -> bool:
        run = self.current
        if not self.killable or run is None or time.monotonic() - run.started < min_age:
            return False
        return self.chaos.kill(run)


class ServiceKiller(threading.Thread):
    """Kills the services at random moments: on average one kill every ``mean_s`` seconds."""

    def __init__(self, chaos: Chaos, services: list[Service], mean_s: float) -> None:
        super().__init__(name="service-killer", daemon=True)
        self.chaos, self.services, self.mean_s = chaos, services, mean_s
        self.stopping = threading.Event()

    def run(self) -> None:
        victims = [s for s in self.services if s.killable]
        while not self.stopping.wait(self.chaos.rng.uniform(0.3, 1.7) * self.mean_s):
            if self.chaos.enabled:
                self.chaos.rng.choice(victims).kill_now(min_age=self.chaos.rng.uniform(1.0, 4.0))


@dataclass
class MemorySample:
    t: float
    kind: str
    pid: int
    age: float
    pss: int  # the service's own process
    pss_tree: int  # with its children (page workers it spawned for a batch), as the machine sees it
    uss: int = 0  # the service's own process, pages no other process maps (includes library code pages)
    anon: int = 0  # the service's own anonymous memory (heap, arenas, model buffers): what a leak grows
    warm: bool = True  # the long-lived instance: it had finished real work (classifier, Tesseract loaded)


def anonymous_bytes(pid: int) -> int:
    """The process's anonymous resident memory (``Anonymous`` in ``/proc/<pid>/smaps_rollup``).

    USS is no measure of a leak on a desk where several station processes run: it counts the pages
    of a shared library (Tesseract, OpenCV, NumPy) as the process's own once no other process maps
    that library, so it jumps by ~30 MiB when the scanning processes end, without one byte more in
    use. Anonymous memory is what the process itself allocated, whoever else runs beside it."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Anonymous:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """PSS, USS and anonymous memory of the services' processes every ``every_s`` seconds. ``warm_when(service)`` says whether a
    long-lived service is past its warm-up (samples before are kept but marked)."""

    def __init__(self, services: list[Service], every_s: float = 1.0, min_age_s: float = 4.0,
                 warm_when: Callable[[Service], bool] = lambda s: True) -> None:
        super().__init__(name="memory-sampler", daemon=True)
        self.services, self.every_s, self.min_age_s, self.warm_when = services, every_s, min_age_s, warm_when
        self.samples: list[MemorySample] = []
        self.stopping = threading.Event()
        self.t0 = time.monotonic()

    def run(self) -> None:
        while not self.stopping.wait(self.every_s):
            for service in self.services:
                run = service.current
                if run is None or run.popen.poll() is not None:
                    continue
                age = time.monotonic() - run.started
                if age < self.min_age_s:
                    continue
                try:
                    proc = psutil.Process(run.popen.pid)
                    info = proc.memory_full_info()
                    own = info.pss
                    tree = own
                    for child in proc.children(recursive=True):
                        try:
                            tree += child.memory_full_info().pss
                        except (psutil.NoSuchProcess, psutil.ZombieProcess):
                            pass
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    continue
                self.samples.append(MemorySample(time.monotonic() - self.t0, service.kind, run.popen.pid, age, own,
                                                 tree, info.uss, anonymous_bytes(run.popen.pid),
                                                 service.killable or self.warm_when(service)))
