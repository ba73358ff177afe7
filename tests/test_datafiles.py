"""The data files' schemas (kg/data/schemas/*.json): standard JSON Schema,
agreeing with the code that reads the records, and errors a user can read
with the file and the line."""
from __future__ import annotations

import configparser
import dataclasses
import json

import pytest

from kg.chrome import load_noise_rules
from kg.datafiles import SCHEMA_DIR, DataFileError, data_path, load_record_schema, read_jsonl
from kg.entity_cues import FINDERS, load_entity_cues
from kg.model import ACTIONS, ENTITY_TYPES, STATUSES
from kg.resolve import load_legal_name_parts
from kg.rules import Rule, load_lexicons
from tests.conftest import ROOT

# Every data file of JSONL records and the schema its records follow.
SCHEMA_OF = {"gazetteer.jsonl": "gazetteer", "lexicons.jsonl": "lexicons", "relations.jsonl": "relations",
             "entity_cues.jsonl": "entity_cues", "noise.jsonl": "noise",
             "legal_name_parts.jsonl": "legal_name_parts", "mojibake.jsonl": "repairs",
             "t2s_fixes.jsonl": "repairs", "pinyin_readings.jsonl": "repairs",
             "ingest_words.jsonl": "ingest_words"}
VOCABULARY = {"entity_types": ENTITY_TYPES, "actions": ACTIONS, "statuses": STATUSES}


def test_every_data_file_has_a_schema_and_every_schema_a_file():
    assert {p.name for p in data_path("").glob("*.jsonl")} == set(SCHEMA_OF)
    assert {p.stem for p in SCHEMA_DIR.glob("*.json")} == set(SCHEMA_OF.values())


def reference_validator(name: str):
    """The schema under jsonschema, the reference implementation, with the
    vocabulary as a resource of its own."""
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    vocabulary = {"definitions": {k: {"enum": list(v)} for k, v in VOCABULARY.items()}}
    registry = Registry().with_resource("kg:vocabulary", DRAFT7.create_resource(vocabulary))
    schema = load_record_schema(name)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, registry=registry)


@pytest.mark.parametrize("file, schema", sorted(SCHEMA_OF.items()))
def test_schemas_are_standard_and_the_shipped_files_follow_them(file, schema):
    validator = reference_validator(schema)
    for n, record in read_jsonl(data_path(file)):
        assert not list(validator.iter_errors(record)), f"{file}:{n}"


def test_a_rule_may_hold_the_fields_of_rule_and_a_note():
    assert set(load_record_schema("relations")["properties"]) == {f.name for f in dataclasses.fields(Rule)} | {"why"}


def test_a_cue_kind_is_one_the_code_can_find():
    assert load_record_schema("entity_cues")["properties"]["kind"]["enum"] == list(FINDERS)


def test_schemas_ship_with_the_package():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert "*.json" in config["options.package_data"]["kg.data.schemas"]  # tests/test_packaging.py builds the wheel


def write(tmp_path, name: str, records: list) -> str:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


CUE = {"kind": "suffix", "label": "Company", "suffixes": ["公司"], "why": "a firm"}


@pytest.mark.parametrize("load, name, good, bad, reason", [
    (load_entity_cues, "cues.jsonl", CUE, {**CUE, "kind": "guess"}, "'kind' must be one of regex, suffix, tag, list, joined, titled"),
    (load_entity_cues, "cues.jsonl", CUE, {**CUE, "label": "Planet"}, "unknown label 'Planet'; one of " + ", ".join(ENTITY_TYPES)),
    (load_entity_cues, "cues.jsonl", CUE, {**CUE, "suffixes": []},
     "'suffixes' must be a non-empty list of non-empty strings"),
    (load_entity_cues, "cues.jsonl", CUE, {"kind": "tag", "label": "Person", "why": "a name"}, "missing key 'tags'"),
    (load_entity_cues, "cues.jsonl", CUE, {**CUE, "why": " "}, "'why' must be a non-empty string"),
    (load_entity_cues, "cues.jsonl", CUE, {**CUE, "max_tokens": "5"}, "'max_tokens' must be a non-negative integer"),
    (load_entity_cues, "cues.jsonl", CUE, {"kind": "regex", "label": "Person", "pattern": "主播(.+)", "why": "x"},
     "'pattern' needs a group (?P<name>...)"),
    (load_legal_name_parts, "parts.jsonl", {"kind": "form", "words": ["公司"]}, {"kind": "city", "words": []},
     "'kind' must be one of place, trade, form, level"),
    (load_noise_rules, "noise.jsonl", {"pattern": "^x$", "why": "x"}, {"pattern": "^y$"}, "missing key 'why'"),
    (load_noise_rules, "noise.jsonl", {"pattern": "^x$", "why": "x"}, {"pattern": "^y$", "why": "y", "when": 1},
     "unknown keys ['when']"),
])
def test_bad_record_is_rejected_with_file_line_and_reason(tmp_path, load, name, good, bad, reason):
    path = write(tmp_path, name, [good, bad])
    with pytest.raises(DataFileError) as info:
        load.__wrapped__(path)
    assert str(info.value) == f"{path}:2: {reason}"


def test_bad_lexicon_is_rejected_with_file_line_and_reason(tmp_path):
    path = write(tmp_path, "lexicons.jsonl", [{"name": "passive", "words": ["被"]}, {"name": "Block", "words": ["x"]}])
    with pytest.raises(DataFileError, match=r":2: 'name' must be lower-case ASCII letters, digits and _$"):
        load_lexicons(path)
