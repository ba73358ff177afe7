"""The project alone, as `git clone` gives it with no ../shared beside it:
the tests that need the shared folder are skipped with the reason printed,
and the rest run."""
import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT


def test_a_clone_without_the_shared_folder_skips_what_needs_it_and_runs_the_rest(tmp_path):
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    clone = tmp_path / "project"  # tmp_path / "shared" does not exist
    for name in filter(None, listed.decode().split("\0")):
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    env = dict(os.environ, PYTHONPATH=str(clone))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_eval.py"],
                         cwd=clone, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "needs the shared folder" in run.stdout  # the reason, printed (-rs in addopts)
    assert "skipped" in run.stdout and "passed" in run.stdout
