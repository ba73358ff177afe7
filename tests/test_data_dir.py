"""The user's own knowledge (kg/userdata.py): a data folder given with
``--data DIR`` or ``KG_DATA`` is read on top of the shipped data, by every
process that extracts, and binds the cache; its predicates reach every
export and the page."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from lxml import etree

from kg.cli import cli
from kg.datafiles import DataFileError
from kg.gazetteer import load_gazetteer
from kg.graph import load_graph
from kg.pipeline import build
from kg.rules import load_rules
from kg.schema import load_schema
from kg.userdata import data_dirs

SUES = {"symmetric": False, "zh": "起诉", "en": "sues", "color": "#123456", "attributes": ["date", "amount"]}
SUES_RULE = {"id": "sues.user", "predicate": "sues", "frame": "A_T_B", "triggers": ["起诉"],
             "subject_types": ["Platform", "Company"], "object_types": ["Platform", "Company"], "confidence": 0.8}
ENTITY = {"id": "zhuquegou", "label": "Platform", "name": "朱雀购", "aliases": ["朱雀"]}
BLOCK_RULE = {"id": "blocks.user", "predicate": "blocks_link", "frame": "A_T_B", "triggers": ["拉黑"],
              "subject_types": ["Platform"], "object_types": ["Platform"], "confidence": 0.8}
ARTICLE = "2023年5月，抖音起诉腾讯，索赔500万元。\n朱雀购拉黑了淘宝的外链。\n"


def jsonl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def data_folder(root, name="data", **files) -> str:
    folder = root / name
    folder.mkdir()
    for file_name, text in files.items():
        (folder / file_name.replace("_jsonl", ".jsonl").replace("_json", ".json")).write_text(text, encoding="utf-8")
    return str(folder)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def triples(out) -> list[dict]:
    return [json.loads(line) for line in (out / "triples.jsonl").read_text(encoding="utf-8").splitlines()]


def facts(out) -> set[tuple]:
    return {(t["subject"], t["predicate"], t["object"]) for t in triples(out)}


# -- an eleventh predicate: a line in schema.json and a rule -------------------

@pytest.fixture(scope="module")
def eleventh(tmp_path_factory, corpus):
    """A build with a data folder that adds the predicate ``sues`` (schema.json)
    and one rule for it, and nothing else."""
    root = tmp_path_factory.mktemp("eleventh")
    folder = data_folder(root, schema_json=json.dumps({"predicates": {"sues": SUES}}),
                         relations_jsonl=jsonl([SUES_RULE]))
    out = root / "out"
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(out), "--data", folder, "--no-cache"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_eleventh_predicate_is_in_the_triples(eleventh):
    [sues] = [t for t in triples(eleventh) if t["predicate"] == "sues"]
    assert (sues["subject"], sues["object"]) == ("抖音", "腾讯")
    assert sues["attrs"]["amount"] == {"value": 5000000, "unit": "CNY"}  # the schema gave it 'amount'
    assert sues["attrs"]["date"] == "2023-05"


def test_eleventh_predicate_is_in_graphml_and_gexf_with_its_colour(eleventh):
    graphml = etree.parse(str(eleventh / "graph.graphml"))
    labels = graphml.xpath("//g:edge/g:data[@key='e_predicate']/text()", namespaces={"g": "http://graphml.graphdrawing.org/xmlns"})
    assert "sues" in labels
    gexf = etree.parse(str(eleventh / "graph.gexf"))
    ns = {"x": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    [edge] = gexf.xpath("//x:edge[@kind='sues']", namespaces=ns)
    color = edge.find("viz:color", ns)
    assert (color.get("r"), color.get("g"), color.get("b")) == ("18", "52", "86")  # #123456


def test_the_schema_travels_with_the_build(eleventh, tmp_path):
    """kg export needs no data folder: the build wrote its schema.json."""
    assert "sues" in json.loads((eleventh / "schema.json").read_text(encoding="utf-8"))["predicates"]
    graph = load_graph(eleventh)
    assert graph.graph["schema"].predicates["sues"].color == "#123456"
    result = CliRunner().invoke(cli, ["export", "--from", str(eleventh), "-o", str(tmp_path), "-f", "gexf"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.gexf").read_bytes() == (eleventh / "graph.gexf").read_bytes()


@pytest.mark.browser
def test_eleventh_predicate_is_in_the_page_legend(eleventh):
    from playwright.sync_api import sync_playwright

    from tests.test_export_html import Page, launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            page = Page(chromium, eleventh / "graph.html")
            legend = page.js("""() => Array.from(document.querySelectorAll('#kg-predicates label')).map(l => [
                l.querySelector('.kg-name').textContent, getComputedStyle(l.querySelector('.kg-line')).borderTopColor,
                l.title])""")
            # named in Chinese by default (issue 15), both names in the title
            assert ["起诉", "rgb(18, 52, 86)", "起诉 \u00b7 sues"] in legend
            assert not page.errors and not page.blocked
        finally:
            chromium.close()


def test_a_rule_for_an_undeclared_predicate_is_rejected(tmp_path):
    folder = data_folder(tmp_path, relations_jsonl=jsonl([SUES_RULE]))
    with pytest.raises(DataFileError, match=r"relations.jsonl:1: unknown predicate 'sues'"):
        load_rules(data_dirs=(folder,))


# -- one new entity and one new rule -------------------------------------------

def test_build_with_a_new_entity_and_a_new_rule(tmp_path, corpus):
    """朱雀购拉黑了淘宝的外链 needs the entity (朱雀购) and the rule (拉黑) both."""
    entity = data_folder(tmp_path, "entity", gazetteer_jsonl=jsonl([ENTITY]))
    rule = data_folder(tmp_path, "rule", relations_jsonl=jsonl([BLOCK_RULE]))
    both = data_folder(tmp_path, "both", gazetteer_jsonl=jsonl([ENTITY]), relations_jsonl=jsonl([BLOCK_RULE]))
    wanted = ("朱雀购", "blocks_link", "淘宝")
    found = {}
    for name, dirs in (("none", ()), ("entity", (entity,)), ("rule", (rule,)), ("both", (both,)),
                       ("two folders", (entity, rule))):
        build([corpus], tmp_path / name.replace(" ", "_"), data_dirs=dirs)
        found[name] = wanted in facts(tmp_path / name.replace(" ", "_"))
    assert found == {"none": False, "entity": False, "rule": False, "both": True, "two folders": True}
    entities = [json.loads(line) for line in (tmp_path / "both" / "entities.jsonl").read_text("utf-8").splitlines()]
    assert {"name": "朱雀购", "id": "zhuquegou"}.items() <= next(e for e in entities if e["name"] == "朱雀购").items()


def test_processes_and_environment_read_the_same_data(tmp_path, corpus, monkeypatch):
    """--jobs 2 (a pool: 16 articles at least) and KG_DATA give the bytes of one process with --data."""
    folder = data_folder(tmp_path, gazetteer_jsonl=jsonl([ENTITY]), relations_jsonl=jsonl([BLOCK_RULE]))
    many = tmp_path / "many"
    many.mkdir()
    for i in range(16):
        (many / f"{i:02}.txt").write_text(ARTICLE, encoding="utf-8")
    build([many], tmp_path / "one", data_dirs=(folder,), jobs=1)
    report = build([many], tmp_path / "two", data_dirs=(folder,), jobs=2)
    assert report.extracted == 16
    assert ("朱雀购", "blocks_link", "淘宝") in facts(tmp_path / "one")
    assert (tmp_path / "two" / "triples.jsonl").read_bytes() == (tmp_path / "one" / "triples.jsonl").read_bytes()
    monkeypatch.setenv("KG_DATA", folder)
    result = CliRunner().invoke(cli, ["build", str(many), "-o", str(tmp_path / "env"), "-j", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env" / "triples.jsonl").read_bytes() == (tmp_path / "one" / "triples.jsonl").read_bytes()


def test_dask_workers_read_the_data_without_a_shared_disk(tmp_path, corpus):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is a test dependency")
    folder = data_folder(tmp_path, gazetteer_jsonl=jsonl([ENTITY]), relations_jsonl=jsonl([BLOCK_RULE]))
    build([corpus], tmp_path / "one", data_dirs=(folder,))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        build([corpus], tmp_path / "dask", data_dirs=(folder,), scheduler=cluster.scheduler_address)
    assert (tmp_path / "dask" / "triples.jsonl").read_bytes() == (tmp_path / "one" / "triples.jsonl").read_bytes()


def test_the_data_is_part_of_the_cache_fingerprint(tmp_path, corpus):
    folder = data_folder(tmp_path, gazetteer_jsonl=jsonl([ENTITY]), relations_jsonl=jsonl([BLOCK_RULE]))
    out = tmp_path / "out"
    assert build([corpus], out, data_dirs=(folder,), use_cache=True).extracted == 1
    assert build([corpus], out, data_dirs=(folder,), use_cache=True).extracted == 0
    (tmp_path / "data" / "relations.jsonl").write_text(jsonl([{**BLOCK_RULE, "triggers": ["拉黑", "封了"]}]),
                                                       encoding="utf-8")
    assert build([corpus], out, data_dirs=(folder,), use_cache=True).extracted == 1
    assert build([corpus], out, use_cache=True).extracted == 1
    assert ("朱雀购", "blocks_link", "淘宝") not in facts(out)


# -- the overlay --------------------------------------------------------------

def test_the_users_records_win(tmp_path):
    folder = data_folder(
        tmp_path,
        gazetteer_jsonl=jsonl([{"id": "douyin", "label": "Platform", "name": "抖音", "aliases": ["抖抖"]},
                               {"id": "zhuquegou", "label": "Platform", "name": "朱雀购", "aliases": ["字节"]}]),
        lexicons_jsonl=jsonl([{"name": "own", "words": ["麾下"]}]),
        relations_jsonl=jsonl([{**BLOCK_RULE, "id": "blocks.active"}]),
        schema_json=json.dumps({"predicates": {"owns": {"symmetric": False, "color": "#000000"}},
                                "entity_types": {"Court": {"zh": "法院"}}}))
    gazetteer = load_gazetteer(data_dirs=(folder,))
    assert gazetteer.by_id["douyin"].aliases == ("抖抖",)  # same id: replaced
    assert gazetteer.lookup("抖音电商") is None
    assert gazetteer.lookup("字节").id == "zhuquegou"  # an alias moves; its entity stays
    assert gazetteer.lookup("字节跳动").id == load_gazetteer().lookup("字节").id
    assert load_gazetteer(gazetteer.path, gazetteer.data_dirs) is gazetteer  # loaded once per folders contents
    rules = load_rules(data_dirs=(folder,))
    shipped = load_rules()
    assert [r.id for r in rules.rules] == [r.id for r in shipped.rules]  # replaced in its place
    assert next(r for r in rules.rules if r.id == "blocks.active").triggers == ("拉黑",)
    assert rules.words("own") == ("麾下",)
    assert rules.schema.predicates["owns"].color == "#000000" and "Court" in rules.schema.entity_types
    assert load_schema().predicates["owns"].color != "#000000"  # the shipped schema is untouched


def test_environment_then_option_each_once(tmp_path):
    a, b = data_folder(tmp_path, "a"), data_folder(tmp_path, "b")
    assert data_dirs([b, a], environ={"KG_DATA": os.pathsep.join([a, ""])}) == (a, b)


# -- bad data: one line naming the user's file and line, exit 2 ----------------

@pytest.mark.parametrize("files, where, reason", [
    ({"relations_jsonl": jsonl([SUES_RULE])}, "relations.jsonl:1", "unknown predicate 'sues'"),
    ({"gazetteer_jsonl": jsonl([ENTITY, {**ENTITY, "id": "x", "label": "Planet"}])}, "gazetteer.jsonl:2",
     "unknown label 'Planet'"),
    ({"gazetteer_jsonl": jsonl([{**ENTITY, "name": "淘宝"}])}, "gazetteer.jsonl:1", "give id 'taobao'"),
    ({"lexicons_jsonl": '{"name": "own", "words": []}\n'}, "lexicons.jsonl:1", "'words' must be"),
    ({"relations_jsonl": "{not json\n"}, "relations.jsonl:1", "not JSON"),
    ({"schema_json": '{\n "predicates": {\n  "sues": {"symmetric": false, "color": "red"}\n }\n}\n'},
     "schema.json:3", "'color' must be '#rrggbb'"),
    ({"schema_json": '{"predicates": {},\n "actions": ["jail"]}\n'}, "schema.json:2", "not 'actions'"),
    ({"relation_jsonl": jsonl([SUES_RULE])}, "relation.jsonl", "not a kg data file"),
])
def test_bad_user_data_is_a_one_line_error(tmp_path, corpus, files, where, reason):
    folder = data_folder(tmp_path, **files)
    for command in (["build", str(corpus), "-o", str(tmp_path / "out")], ["extract", "-t", "抖音起诉腾讯。"]):
        result = CliRunner().invoke(cli, [*command, "--data", folder])
        assert result.exit_code == 2, result.output
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
        assert f"{os.path.join(folder, where)}" in result.output and reason in result.output
    assert not (tmp_path / "out" / "triples.jsonl").exists()


def test_missing_data_folder_through_the_real_command(tmp_path):
    env = {**os.environ, "KG_DATA": str(tmp_path / "nope")}
    done = subprocess.run([sys.executable, "-m", "kg", "extract", "-t", "抖音"], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"kg: error: {tmp_path / 'nope'}: no such data folder"


def test_attributes_and_statuses_are_the_schemas(tmp_path):
    """What a triple carries is what its predicate declares: penalizes
    re-declared with the date alone loses its amount and action; a predicate
    with no statuses gets none (the shipped one gets 'effective' from 起)."""
    text = "2023年5月，抖音起诉腾讯，索赔500万元。市场监管总局对阿里巴巴罚款182.28亿元。"
    folder = data_folder(tmp_path, relations_jsonl=jsonl([SUES_RULE]), schema_json=json.dumps({"predicates": {
        "sues": {**SUES, "statuses": []}, "penalizes": {"symmetric": False, "attributes": ["date"]}}}))
    result = CliRunner().invoke(cli, ["extract", "--json", "--data", folder, "-t", text], catch_exceptions=False)
    attrs = {json.loads(line)["predicate"]: json.loads(line)["attrs"] for line in result.output.splitlines()}
    assert attrs["sues"] == {"date": "2023-05", "amount": {"value": 5000000, "unit": "CNY"}}
    assert set(attrs["penalizes"]) <= {"date", "status"}
    shipped = CliRunner().invoke(cli, ["extract", "--json", "-t", text], catch_exceptions=False).output
    assert {"amount", "action"} <= set(json.loads(shipped.splitlines()[-1])["attrs"])


def test_a_later_build_without_the_data_replaces_the_builds_schema(tmp_path, corpus):
    folder = data_folder(tmp_path, schema_json=json.dumps({"predicates": {"sues": SUES}}),
                         relations_jsonl=jsonl([SUES_RULE]))
    out = tmp_path / "out"
    build([corpus], out, data_dirs=(folder,), formats=["gexf"])
    assert "sues" in load_graph(out).graph["schema"].predicates
    build([corpus], out, formats=["gexf"])
    assert "sues" not in load_graph(out).graph["schema"].predicates
    assert not build([corpus], tmp_path / "plain").files.count("schema.json")  # no folder, no file
