"""One article's fault stays with that article: a text longer than spaCy's
limit is read in pieces with its offsets kept, and an article whose reading
or extraction raises is reported with its reason while the rest is built."""
import shutil
from pathlib import Path

from kg.extract import Extractor
from kg.model import Article
from kg.pipeline import build

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PARAGRAPHS = ["抖音宣布切断淘宝的外链。", "市场监管总局对阿里巴巴处以182.28亿元罚款。",
              "腾讯投资了快手，持股比例约为20%。", "美团与饿了么在外卖市场竞争激烈。"] * 5


def article(text: str) -> Article:
    return Article(id="long.txt", path="long.txt", text=text, encoding="utf-8", date="2021-04-10")


def test_a_text_over_the_pipelines_limit_is_read_in_pieces_with_offsets_kept(extractor):
    text = "\n".join(PARAGRAPHS)
    whole = extractor(article(text))
    pieced = Extractor(piece_chars=60)
    pieced.nlp.max_length = 100  # the whole text would be refused in one Doc
    assert len(text) > 100
    result = pieced(article(text))
    assert [(t.subject, t.predicate, t.object) for t in result.triples] == \
           [(t.subject, t.predicate, t.object) for t in whole.triples]
    assert result.triples and all(text[t.evidence.start:t.evidence.end] == t.evidence.sentence
                                  for t in result.triples)
    assert [(m.name, m.start, m.end) for m in result.mentions] == \
           [(m.name, m.start, m.end) for m in whole.mentions]
    assert all(text[m.start:m.end] == m.text for m in result.mentions)


def test_an_article_whose_extraction_fails_is_reported_and_the_rest_is_built(tmp_path, extractor, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    victim = sorted(corpus.iterdir())[0]
    clean = tmp_path / "clean"
    shutil.copytree(corpus, clean)
    (clean / victim.name).unlink()
    expected = build([clean], tmp_path / "out-clean", extractor=extractor)

    real_call = Extractor.__call__

    def failing(self, art):
        if art.id == victim.name:
            raise RuntimeError("injected fault")
        return real_call(self, art)

    monkeypatch.setattr(Extractor, "__call__", failing)
    report = build([corpus], tmp_path / "out", extractor=extractor)
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == \
           [(victim.name, "extraction failed: RuntimeError: injected fault")]
    assert report.articles == expected.articles
    assert (tmp_path / "out" / "triples.jsonl").read_bytes() == (tmp_path / "out-clean" / "triples.jsonl").read_bytes()


def test_one_article_of_each_bad_kind_leaves_the_good_ones_as_a_clean_build_has_them(tmp_path, extractor,
                                                                                       monkeypatch):
    import os

    good = tmp_path / "good"
    shutil.copytree(SEEDS, good)
    expected = build([good], tmp_path / "out-clean", extractor=extractor)

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "undecodable.txt").write_bytes(bytes([0x80, 0xff]) * 200)
    (corpus / "huge.txt").write_text("抖音切断外链。" * 40000, encoding="utf-8")
    (corpus / "loop_a.txt").symlink_to("loop_b.txt")
    (corpus / "loop_b.txt").symlink_to("loop_a.txt")
    (corpus / "locked").mkdir()
    (corpus / "locked" / "hidden.txt").write_text("抖音切断淘宝外链。", encoding="utf-8")
    (corpus / "crash.txt").write_text("美团与饿了么在外卖市场竞争。", encoding="utf-8")
    out = corpus / "out"  # the output folder inside the input folder
    out.mkdir()
    (out / "graph.html").write_text("<html>抖音切断淘宝外链。</html>", encoding="utf-8")

    real_scandir, real_call = os.scandir, Extractor.__call__

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def call(self, art):
        if art.id == "crash.txt":
            raise MemoryError("injected")
        return real_call(self, art)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Extractor, "__call__", call)
    report = build([corpus], out, extractor=extractor, max_bytes=200_000)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"empty.txt", "binary.txt", "undecodable.txt", "huge.txt", "loop_a.txt", "loop_b.txt",
                            "locked", "crash.txt", "out"}, reasons
    assert report.articles == expected.articles
    assert (out / "triples.jsonl").read_bytes() == (tmp_path / "out-clean" / "triples.jsonl").read_bytes()
