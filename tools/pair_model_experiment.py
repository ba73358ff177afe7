"""Does a learned pair classifier add what the rules miss? (issue 13 experiment)

For every pair of recognised entities in one sentence, a multinomial logistic
regression predicts a predicate and direction, or none, from the words between
and around the pair, their types, the distance and what the rules found there.
Trained on every gold corpus but one, it adds its triples above a threshold to
the rules' triples on the corpus left out, scored with ``kg.evaluate``.
A pair is labelled from a gold line whose quote is its sentence; a pair whose
gold fact is quoted from another sentence is left out of training.

Needs scikit-learn (not a dependency of kg) and ``../shared``::

    pip install scikit-learn && python tools/pair_model_experiment.py

Its output at 8034f76 is in the README (quality section).
"""
import argparse
import bisect
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import opencc
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from kg.evaluate import norm, score
from kg.extract import Extractor
from kg.ingest import parse_article
from kg.nlp import parse
from kg.sentences import sentence_bounds
from kg.tokens import token_table

cc = opencc.OpenCC("t2s")
SYM = {"partners_with", "competes_with"}
TOP = Path(__file__).resolve().parent.parent
SHARED = TOP.parent / "shared"
REAL = TOP / "tests" / "realnews"
CORPORA = {  # name: (articles, gold)
    "seeds": (TOP / "seeds", SHARED / "eval" / "seeds.gold.jsonl"),
    "shared-dev": (SHARED / "dev" / "docs", SHARED / "eval" / "dev.gold.jsonl"),
    "holdout": (TOP / "tests" / "holdout" / "docs", TOP / "tests" / "holdout" / "gold.jsonl"),
    "realnews-dev": (REAL / "dev" / "docs", REAL / "dev" / "gold.jsonl"),
    "realnews-test": (REAL / "test" / "docs", REAL / "test" / "gold.jsonl"),
    "realnews-test2": (REAL / "test2" / "docs", REAL / "test2" / "gold.jsonl"),
    "realnews-test3": (REAL / "test3" / "docs", REAL / "test3" / "gold.jsonl"),
}
HELD_OUT = ("realnews-test3", "realnews-test2", "realnews-test", "realnews-dev")  # each in turn, trained on the others
WS = re.compile(r"\s+")
PUNCT = set("，,；;：:、（）()“”\"《》")


def nz(t):
    return WS.sub("", cc.convert(t))


def read_corpus(extractor, folder):
    """Per article: text, final mentions, tokens, sentence bounds, rule triples."""
    docs = []
    for path in sorted(Path(folder).iterdir()):
        if not path.is_file():
            continue
        article = parse_article(str(path), path.read_bytes(), path.name)
        text = article.text
        doc = parse(extractor.nlp, text, article.date)
        table = token_table(doc)
        ends = table.starts[1:] + [len(text)]
        result = extractor(article)
        docs.append(dict(
            id=path.name, text=text,
            mentions=[(m.text, m.start, m.end, m.name, m.type, m.source) for m in result.mentions],
            tokens=list(zip(table.starts, ends)), bounds=[(s, e) for _, _, s, e in sentence_bounds(doc)],
            triples=[(t.subject, t.subject_type, t.predicate, t.object, t.object_type, t.evidence.start,
                      t.confidence, t.attrs) for t in result.triples]))
    return docs


def load(extractor, name):
    folder, gold_path = CORPORA[name]
    gold = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    return read_corpus(extractor, folder), gold


def names_of(v):
    return {norm(x) for x in ([v] if isinstance(v, str) else v)} | {norm(cc.convert(x)) for x in ([v] if isinstance(v, str) else v)}


def candidates(d, max_ments=10, max_dist=80):
    """(sentence index, A, B) with A before B; A/B are (text,start,end,name,type,source)."""
    text = d["text"]
    out = []
    ments = sorted(d["mentions"], key=lambda m: m[1])
    for si, (s, e) in enumerate(d["bounds"]):
        inside = [m for m in ments if m[1] >= s and m[2] <= e]
        firsts = {}
        for m in inside:
            firsts.setdefault(m[3], []).append(m)
        names = list(firsts)
        if len(names) > max_ments:
            continue
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                best = None
                for a in firsts[names[i]]:
                    for b in firsts[names[j]]:
                        x, y = (a, b) if a[1] < b[1] else (b, a)
                        dist = max(0, y[1] - x[2])
                        if best is None or dist < best[0]:
                            best = (dist, x, y)
                dist, a, b = best
                if dist > max_dist:
                    continue
                out.append((si, a, b))
    return out


def tok_between(d, lo, hi, ments):
    toks = []
    for ts, te in d["tokens"]:
        if ts >= lo and te <= hi:
            toks.append((ts, te))
    words = []
    mi = [(m[1], m[2], m[4]) for m in ments if m[1] >= lo and m[2] <= hi]
    k = 0
    for ts, te in toks:
        inm = next((t for (ms, me, t) in mi if ts >= ms and te <= me), None)
        w = "<" + inm + ">" if inm else d["text"][ts:te]
        if words and words[-1] == w and inm:
            continue
        words.append(w)
    return [w for w in words if w.strip()]


def features(d, si, a, b, rule_pairs, rule_ents):
    s, e = d["bounds"][si]
    text = d["text"]
    f = [f"T:{a[4]}|{b[4]}", f"Ta:{a[4]}", f"Tb:{b[4]}"]
    between = tok_between(d, a[2], b[1], d["mentions"])
    if len(between) > 25:
        f.append("far")
    bw = [cc.convert(w) for w in between]
    for w in bw:
        f.append("b:" + w)
    for x, y in zip(bw, bw[1:]):
        f.append("bb:" + x + "_" + y)
    left = [cc.convert(w) for w in tok_between(d, s, a[1], d["mentions"])][-3:]
    right = [cc.convert(w) for w in tok_between(d, b[2], e, d["mentions"])][:4]
    for w in left:
        f.append("l:" + w)
    for w in right:
        f.append("r:" + w)
    # whole-sentence words after B up to a clause end (trigger after both names)
    dist = b[1] - a[2]
    f.append("d:" + ("0" if dist <= 0 else "1" if dist <= 2 else "s" if dist <= 8 else "m" if dist <= 20 else "l"))
    nbetween = len([m for m in d["mentions"] if m[1] >= a[2] and m[2] <= b[1] and m[3] not in (a[3], b[3])])
    f.append(f"nE:{min(nbetween, 3)}")
    seg = text[a[2]:b[1]]
    for p in ("，", "、", "；", "和", "与", "及", "（"):
        if p in seg:
            f.append("p:" + p)
    for rp in rule_pairs.get((si, a[3], b[3]), ()):
        f.append("rule:" + rp)
    for rp in rule_ents.get((si, a[3]), ()):
        f.append("ruleA:" + rp)
    for rp in rule_ents.get((si, b[3]), ()):
        f.append("ruleB:" + rp)
    return f


def rule_index(d):
    starts = [s for s, e in d["bounds"]]
    pairs, ents = defaultdict(set), defaultdict(set)
    for (su, st, p, ob, ot, evs, conf, attrs) in d["triples"]:
        si = bisect.bisect_right(starts, evs) - 1
        pairs[(si, su, ob)].add(p + ">")
        pairs[(si, ob, su)].add(p + "<")
        ents[(si, su)].add(p + ":s")
        ents[(si, ob)].add(p + ":o")
    return pairs, ents


def labelled(docs, gold):
    by_doc = defaultdict(list)
    for g in gold:
        by_doc[Path(g["doc"]).name].append((names_of(g["subject"]), g["predicate"], names_of(g["object"]),
                                            nz(g.get("quote", ""))))
    rows = []
    for d in docs:
        gl = by_doc.get(d["id"], [])
        rp, re_ = rule_index(d)
        for si, a, b in candidates(d):
            s, e = d["bounds"][si]
            sent = nz(d["text"][s:e])
            an = {norm(a[3]), norm(a[0]), norm(cc.convert(a[0]))}
            bn = {norm(b[3]), norm(b[0]), norm(cc.convert(b[0]))}
            label, ignore = "none", False
            for gs, p, go, q in gl:
                fwd, back = bool(an & gs and bn & go), bool(bn & gs and an & go)
                if not (fwd or back):
                    continue
                here = q and len(sent) > 3 and (sent in q or q in sent or (len(q) > 10 and q[:12] in sent))
                if not here:
                    ignore = True
                    continue
                if p in SYM:
                    label = p + ">"
                else:
                    label = p + (">" if fwd else "<")
            if label == "none" and ignore:
                label = None
            rows.append((d["id"], si, a, b, features(d, si, a, b, rp, re_), label))
    return rows


def predict_triples(docs, rows, probs, classes, tau, allowed):
    out = []
    for d in docs:
        for (su, st, p, ob, ot, evs, conf, attrs) in d["triples"]:
            out.append({"subject": su, "predicate": p, "object": ob, "evidence": {"doc": d["id"]}, "attrs": attrs})
    added = []
    rulekeys = {(d["id"], t[0], t[3]) for d in docs for t in d["triples"]} | {(d["id"], t[3], t[0]) for d in docs for t in d["triples"]}
    best = {}
    for (doc, si, a, b, f, lab), pr in zip(rows, probs):
        k = max(range(len(classes)), key=lambda i: pr[i])
        c = classes[k]
        if c == "none" or pr[k] < tau:
            continue
        p, dirn = c[:-1], c[-1]
        su, ob = (a, b) if dirn == ">" else (b, a)
        if (p, su[4], ob[4]) not in allowed:
            continue
        if (doc, su[3], ob[3]) in rulekeys:
            continue
        key = (doc, su[3], p, ob[3])
        if key not in best or best[key] < pr[k]:
            best[key] = pr[k]
    for (doc, su, p, ob), pr in best.items():
        added.append({"subject": su, "predicate": p, "object": ob, "evidence": {"doc": doc}, "attrs": {}})
    return out, added


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--held-out", nargs="+", default=HELD_OUT, choices=HELD_OUT,
                    help="the corpora scored, each in turn (default: all four real-news parts)")
    args = ap.parse_args()
    extractor = Extractor()
    corpora = {name: load(extractor, name) for name in CORPORA}
    for held in args.held_out:
        rows, seen = [], Counter()
        for name, (docs, gold) in corpora.items():
            if name == held or (held != "realnews-test3" and name == "realnews-test3"):
                continue  # the newest test part trains nothing but its own turn's model
            rows += [r for r in labelled(docs, gold) if r[5] is not None]
            seen.update((g["predicate"], g.get("subject_type"), g.get("object_type")) for g in gold)
        allowed = {k for k, c in seen.items() if c >= 2}  # type pairs the gold has for a predicate
        vec = DictVectorizer()
        clf = LogisticRegression(C=args.c, max_iter=3000, class_weight="balanced")
        clf.fit(vec.fit_transform([dict.fromkeys(r[4], 1) for r in rows]), [r[5] for r in rows])
        docs, gold = corpora[held]
        test_rows = labelled(docs, gold)
        probs = clf.predict_proba(vec.transform([dict.fromkeys(r[4], 1) for r in test_rows]))
        classes = list(clf.classes_)
        rules, _ = predict_triples(docs, test_rows, probs, classes, 2.0, allowed)
        print(f"{held}: trained on {len(rows)} pairs; rules alone {fmt(score(gold, rules, SYM).micro)}")
        for tau in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            rules, added = predict_triples(docs, test_rows, probs, classes, tau, allowed)
            right = score(gold, added, SYM).micro.tp
            print(f"  threshold {tau}: {len(added):3d} added, {right:3d} right -> {fmt(score(gold, rules + added, SYM).micro)}")


def fmt(c):
    return f"F1 {c.f1:.3f} (P {c.precision:.3f}, R {c.recall:.3f})"


if __name__ == "__main__":
    main()
