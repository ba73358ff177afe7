"""Faults as a shell sees them: one line, no traceback, and exit 2 for bad
use or input, 1 for a failed run, 130 on Ctrl-C (``kg --debug`` keeps the
traceback)."""
from __future__ import annotations

import builtins
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cache import CacheBusy, ExtractionCache
from kg.cli import cli
from kg.runner import ClusterError, connect
from tests.conftest import SEEDS


@pytest.fixture
def runner():
    return CliRunner()


def one_line_error(result, code: int, words: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and words in result.output


@pytest.mark.parametrize("address, code, words", [
    ("notanaddress::", 2, "not a scheduler address"),
    ("foo://bar:1", 2, "not a scheduler address"),
])
def test_a_bad_scheduler_address_is_bad_use(runner, tmp_path, address, code, words):
    one_line_error(runner.invoke(cli, ["build", str(SEEDS), "-o", str(tmp_path), "--scheduler", address]), code, words)


def test_an_unreachable_scheduler_fails_within_the_timeout():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ClusterError) as info:
        connect(f"tcp://127.0.0.1:{port}", timeout=2)
    assert info.value.exit_code == 1 and "cannot reach" in str(info.value)
    assert time.monotonic() - started < 10


def test_without_dask_the_scheduler_option_names_the_install_command(runner, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    result = runner.invoke(cli, ["build", str(SEEDS), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786"])
    one_line_error(result, 2, "pip install 'kg[cluster]'")


def test_a_second_build_waits_a_bounded_time_then_says_another_holds_the_cache(tmp_path):
    path = tmp_path / ".kg-cache.sqlite"
    first = ExtractionCache(path)
    try:
        started = time.monotonic()
        with pytest.raises(CacheBusy, match="another build is using"):
            ExtractionCache(path, wait=0.5)
        assert time.monotonic() - started < 5
    finally:
        first.close()
    ExtractionCache(path, wait=0.5).close()  # free again once the first is done


def test_a_locked_cache_is_one_line_with_exit_1(runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    holder = sqlite3.connect(out / ".kg-cache.sqlite")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr("kg.cache.LOCK_WAIT", 0.3)
    try:
        one_line_error(runner.invoke(cli, ["build", str(SEEDS), "-o", str(out)]), 1, "another build is using")
    finally:
        holder.rollback()
        holder.close()


def test_a_read_only_output_place_is_one_line_with_exit_2(runner, tmp_path, monkeypatch):
    import tempfile

    def refused(*args, dir=None, **kwargs):  # tests run as root, whom chmod does not stop
        raise PermissionError(13, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    result = runner.invoke(cli, ["build", str(SEEDS), "-o", str(tmp_path / "out")])
    one_line_error(result, 2, "permission denied: " + str(tmp_path / "out"))


def test_an_unwritable_output_place_is_one_line(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")  # even root cannot make a folder inside a file
    result = runner.invoke(cli, ["build", str(SEEDS), "-o", str(blocker / "out"), "-f", "json"])
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert "kg: error:" in result.output and "Not a directory" in result.output


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(runner, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something kg did not foresee")

    monkeypatch.setattr("kg.cli.build", broken)
    quiet = runner.invoke(cli, ["build", str(SEEDS), "-o", str(tmp_path)])
    one_line_error(quiet, 1, "RuntimeError: something kg did not foresee")
    loud = runner.invoke(cli, ["--debug", "build", str(SEEDS), "-o", str(tmp_path)])
    assert isinstance(loud.exception, RuntimeError)


def test_ctrl_c_exits_130_quietly_and_keeps_the_previous_output(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(300):
        for seed in SEEDS.iterdir():
            (corpus / f"{n:03d}_{seed.name}").write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    kg = [sys.executable, "-m", "kg"]
    subprocess.run([*kg, "build", str(SEEDS), "-o", str(out), "-f", "json", "--no-cache"], check=True,
                   capture_output=True, env=env)
    before = (out / "triples.jsonl").read_bytes()
    proc = subprocess.Popen([*kg, "build", str(corpus), "-o", str(out), "-f", "json", "--no-cache", "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    time.sleep(8)  # past start-up, into extraction
    assert proc.poll() is None, proc.stderr.read().decode()
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it: to the whole group, workers too
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert "Traceback" not in err.decode() and "interrupted" in err.decode()
    assert (out / "triples.jsonl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-staging")]


def test_a_reader_that_leaves_early_gets_no_error(tmp_path):
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    for n in range(30):  # copies: 抖音's evidence then fills more than a pipe holds
        for seed in SEEDS.iterdir():
            (corpus / f"{n:02d}_{seed.name}").write_bytes(seed.read_bytes())
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-f", "json", "--no-cache"],
                   check=True, capture_output=True)
    shown = subprocess.Popen([sys.executable, "-m", "kg", "show", "抖音", "--from", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    shown.stdout.read(10)
    shown.stdout.close()  # as `| head -c 10` does
    err = shown.stderr.read().decode()
    shown.wait(timeout=60)
    assert "error" not in err and "Traceback" not in err


@pytest.mark.parametrize("args, words", [
    (["--mb", "0"], "--mb"),
    (["--mb", "-1"], "--mb"),
    (["--rounds", "0"], "--rounds"),
])
def test_bench_refuses_sizes_that_are_none(runner, args, words):
    one_line_error(runner.invoke(cli, ["bench", *args]), 2, words)


def test_bench_on_an_empty_folder_is_one_line(runner, tmp_path):
    one_line_error(runner.invoke(cli, ["bench", "--source", str(tmp_path)]), 2, "no article files")
    one_line_error(runner.invoke(cli, ["bench", "--source", str(tmp_path / "missing")]), 2, "does not exist")
