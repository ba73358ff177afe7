"""What kg keeps on a spaCy ``Doc``, as extension attributes (``doc._.name``),
declared here and nowhere else. The components say which of them they
assign (``Language.factory(assigns=...)``); every other module reads and
writes them by these names only.

- ``article_date``: the article's date (ISO, as precise as known), set by
  ``kg.nlp.parse`` before the pipeline runs; relative dates are read
  against it.
- ``quantities``: the money, percentages and dates of the text, normalized
  (``kg.quantities.Quantity``, in text order), from ``kg_quantities``.
- ``token_table``: the tokens as plain lists and arrays
  (``kg.tokens.TokenTable``), made by the tokenizer.
- ``doc_text``: the Doc's text, kept once (``Doc.text`` joins the tokens
  anew at each call).
- ``kept_entities``: the entities ``kg.doc_entities.set_entities`` last
  wrote, with the token arrays it wrote them as.

An extension of one of these names that is already there (registered by
an earlier import) is kept as it is."""
from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = ("article_date", "quantities", "token_table", "doc_text", "kept_entities")


def register() -> None:
    """Declare kg's extensions on ``Doc`` (each with the default None).

    Examples
    --------
    >>> from spacy.tokens import Doc
    >>> register()
    >>> all(Doc.has_extension(name) for name in EXTENSIONS)
    True
    """
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register()
