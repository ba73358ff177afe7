"""Each normalization step on its case file: tests/cases/normalize/<step>.jsonl."""
from __future__ import annotations

import pytest

from kg import normalize
from tests.conftest import CASES, read_cases

CASE_FILES = sorted((CASES / "normalize").glob("*.jsonl"))
PARAMS = [
    pytest.param(getattr(normalize, path.stem), case, id=f"{path.stem}-{i}")
    for path in CASE_FILES
    for i, case in enumerate(read_cases(path), 1)
]


def test_every_step_has_cases():
    steps = {step.__name__ for step in normalize.STEPS} | {"normalize_text"}
    assert steps <= {path.stem for path in CASE_FILES}


@pytest.mark.parametrize("step, case", PARAMS)
def test_step(step, case):
    assert step(case["input"]) == case["expected"]


@pytest.mark.parametrize("step", normalize.STEPS, ids=lambda s: s.__name__)
def test_steps_are_idempotent_on_clean_text(step):
    clean = "抖音于2020年10月9日起不再支持第三方来源的商品进入直播间购物车。\n淘宝(Taobao)回应称:“尊重平台规则。”"
    assert step(clean) == clean
