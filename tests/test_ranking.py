"""BM25 over SQLite's search candidates (storage.ranking), on texts given directly and
turned into roots as the store does."""

from __future__ import annotations

import pytest

from storage.ranking import bm25, idf
from storage.tokens import search_text, split_search_text

FILLER = " ".join(["warga kota menunggu kabar dari pemerintah daerah setempat"] * 6)


def scores(texts, terms, weights=None):
    rows = [
        (i, *split_search_text(search_text(title, body)), len(body.split()))
        for i, (title, body) in enumerate(texts, 1)
    ]
    return bm25(rows, terms, weights or [1.0] * len(terms))


def test_a_title_hit_outweighs_a_body_hit():
    result = scores([("Banjir di Cengkareng", FILLER), ("Kabar kota", f"banjir {FILLER}")],
                    [(("banjir",), False)])  # fmt: skip
    assert result[1] > result[2] > 0


def test_only_whole_roots_count_in_any_case():
    result = scores([("", f"Katalog {FILLER}"), ("", f"KATA kata, mengatakan. {FILLER}")],
                    [(("kata",), False)])  # fmt: skip
    assert result[1] == 0
    assert result[2] > scores([("", f"kata {FILLER}")], [(("kata",), False)])[1] > 0


def test_more_hits_and_shorter_texts_score_higher():
    once = scores([("", f"pompa {FILLER}"), ("", f"pompa pompa pompa {FILLER}")],
                  [(("pompa",), False)])  # fmt: skip
    assert once[2] > once[1]
    short = scores([("", "pompa air rusak"), ("", f"pompa {FILLER}")], [(("pompa",), False)])
    assert short[1] > short[2]


def test_phrases_match_across_punctuation_and_prefixes_match_word_starts():
    phrase = scores([("", f"pompa, mobile {FILLER}"), ("", f"mobile pompa {FILLER}")],
                    [(("pompa", "mobile"), False)])  # fmt: skip
    assert phrase[1] > 0
    assert phrase[2] == 0
    prefix = scores([("", f"cuacanya cerah {FILLER}"), ("", f"prakiraan cuaca {FILLER}"),
                     ("", f"prakicuaca {FILLER}")], [(("cuaca",), True)])  # fmt: skip
    assert prefix[1] > 0
    assert prefix[2] > 0
    assert prefix[3] == 0


def test_a_rare_term_outweighs_a_common_one():
    common, rare = idf(20_000, 15_000), idf(20_000, 40)
    assert rare > common > 0
    result = scores([("", f"sidang {FILLER}"), ("", f"korupsi {FILLER}")],
                    [(("sidang",), False), (("korupsi",), False)], [common, rare])  # fmt: skip
    assert result[2] > result[1]


@pytest.mark.parametrize("matches", [10_000, 15_000, 20_000])
def test_a_term_in_half_the_sample_or_more_keeps_fts5s_tiny_positive_weight(matches):
    assert idf(20_000, matches) == 1e-6
