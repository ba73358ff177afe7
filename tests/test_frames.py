"""Frames are a registry of functions; the rules may name those only."""
from __future__ import annotations

from kg import frames, rules


def test_the_frames_a_rule_may_name_are_the_registered_functions():
    assert rules.FRAMES == tuple(frames.FRAMES)
    assert set(rules.FRAMES) >= {"A_T_B", "A_P_B_T", "B_PASS_A_T", "P_B_T_A", "T_A_B", "LIST_T", "A_B_T", "B_T"}
    assert all(callable(function) for function in frames.FRAMES.values())
    from kg.arguments import ArgumentFinder

    assert not [name for name in dir(ArgumentFinder) if name.startswith("frame_")]  # no method looked up by name


def test_every_shipped_rule_names_a_registered_frame():
    assert {rule.frame for rule in rules.load_rules().rules} <= set(frames.FRAMES)


def test_a_registered_frame_is_what_match_runs(extractor, monkeypatch):
    """``frames.match`` calls the function registered under the rule's frame."""
    from dataclasses import replace

    from kg.sentences import Sentence

    rule = replace(extractor.rules.rules[0], swap=False)
    calls = []
    monkeypatch.setitem(frames.FRAMES, rule.frame, lambda f, *args: calls.append(args) or [])
    from kg.arguments import ArgumentFinder

    frames.match(ArgumentFinder(Sentence("抖音", 0, [], []), extractor.rules, None), rule, 0, 2)
    assert calls == [(rule, 0, 2, rule.subject_types, rule.object_types)]
