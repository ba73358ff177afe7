"""The package as pip builds it: every data file and template inside the
wheel, and no setuptools warning about folders missing from ``packages``."""
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_holds_every_data_file_and_builds_without_warnings(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    log = build.stdout + build.stderr
    assert "is absent from the `packages` configuration" not in log
    (wheel,) = tmp_path.glob("kg-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for folder in ("kg/data", "kg/export/templates")
               for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert shipped and shipped <= inside, sorted(shipped - inside)
