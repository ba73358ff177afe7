"""The relation cases run with a rule taken away: the triple that needed
the rule fails, the case's other triples keep their state (pass, or xfail
with their own reason). With one strict xfail per case, a case that was
already an xfail hid the new failure behind its old, stale reason."""
from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

# charges_fee-12 (快手与有赞达成合作后，商家在快手开店需按成交额向快手缴纳5%的技术服务费。)
# expects three triples: partners_with (rule partner.with), charges_fee
# (rule fee.payer) and works_with (rule works.shop_at).
CASE, RULE = "charges_fee-12", "fee.payer"

CONFTEST = f'''
import dataclasses

import pytest

from kg.extract import Extractor
from kg.rules import load_rules


@pytest.fixture(scope="session")
def extractor():
    rules = load_rules()
    keep = lambda found: tuple(r for r in found if r.id != {RULE!r})
    fewer = dataclasses.replace(rules, rules=keep(rules.rules),
                                rules_by_trigger={{w: keep(rs) for w, rs in rules.rules_by_trigger.items()}})
    return Extractor(rules=fewer)
'''


def test_a_rule_taken_away_fails_its_triple_and_no_other(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_relations=(Path(__file__).parent / "test_relations.py").read_text(encoding="utf-8"))
    reports = pytester.inline_run("-p", "no:cacheprovider", "-k", CASE).getreports("pytest_runtest_logreport")
    outcomes = {r.nodeid.split("::")[1]: "xfailed" if hasattr(r, "wasxfail") else r.outcome
                for r in reports if r.when == "call"}
    assert outcomes == {
        f"test_expected_triple[{CASE}/0-partners_with]": "passed",
        f"test_expected_triple[{CASE}/1-charges_fee]": "failed",  # the rule taken away
        f"test_expected_triple[{CASE}/2-works_with]": "passed",  # another rule's, as before
        f"test_nothing_else[{CASE}]": "passed",
    }
