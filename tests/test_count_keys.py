"""crawler.count_keys is the one home of the keys a crawl counts.

- the rows ``crawl_runs`` already holds keep their keys: a crawl's stats become the same
  counts as before, and the readings of them (summary, progress, stats, health) agree;
- every count is declared once, with what it counts, and documented (test_docs.py);
- code counts and reads through the declarations: no key is spelled out anywhere else,
  and every warta stat written goes through one;
- every reason a page can be skipped or a request fail for, and every store outcome, is
  a declared key, and no declaration outlives the code that counts it.

The code is read, not run: the demo crawls of test_docs.py check what real crawls record.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from crawler import count_docs, count_keys, failures
from crawler.count_keys import (
    DISCOVERY,
    SKIPPED,
    STORED,
    Count,
    is_declared,
    outcomes,
    run_counts,
    skips,
)
from tests.conftest import PROJECT_DIR

DECLARATIONS = PROJECT_DIR / "crawler" / "count_keys.py"
SPIDER = PROJECT_DIR / "crawler" / "spiders" / "news.py"
PIPELINES = PROJECT_DIR / "crawler" / "pipelines.py"
STAT_METHODS = {"inc_value", "set_value", "get_value", "max_value", "min_value"}
PLACEHOLDER = re.compile(r"<[^>]*>")


def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def code(*packages: str) -> dict[Path, ast.Module]:
    """The parsed modules of the packages, the declarations apart."""
    return {
        path: _parsed(path)
        for package in packages
        for path in sorted((PROJECT_DIR / package).rglob("*.py"))
        if path != DECLARATIONS
    }


def normalised(name: str) -> str:
    """A name with each part only the crawl knows written ``<>``: ``http_<status>`` and
    a code template f"http_{status}" read the same."""
    return PLACEHOLDER.sub("<>", name)


def filled(name: str) -> str:
    """A name as a crawl could count it: each ``<>`` filled in."""
    return name.replace("<>", "x")


# --- the counts of existing rows --------------------------------------------------------


def test_a_crawls_stats_become_the_counts_crawl_runs_always_kept():
    stats = {
        "warta/discovery/documents": 3,
        "warta/skipped/http_404": 1,
        "warta/stored/inserted": 2,
        "scheduler/enqueued/memory": 9,  # Scrapy's own, not kept
        "downloader/response_count": 7,
        "robotstxt/forbidden": 1,
        "offsite/filtered": 0,
        "dupefilter/filtered": 2,
        "log_count/ERROR": 1,
    }
    assert list(run_counts(stats).items()) == [
        ("discovery/documents", 3),
        ("skipped/http_404", 1),
        ("stored/inserted", 2),
        ("responses", 7),
        ("skipped/robots_txt", 1),
        ("skipped/repeated_request", 2),
        ("errors", 1),
    ]
    assert run_counts({}) == {"responses": 0, "errors": 0}


def test_the_readings_of_a_crawls_counts():
    counts = {
        "stored/inserted": 3,
        "stored/updated": 1,
        "stored/unchanged": 5,
        "stored/duplicate": 2,
        "skipped/duplicate": 1,
        "skipped/http_404": 2,
        "skipped/robots_txt": 1,
        "discovery/http_404": 4,
    }
    assert outcomes(counts) == {"inserted": 3, "updated": 1, "duplicate": 3, "skipped": 3}
    assert skips(counts) == {"http_404": 2, "robots_txt": 1}
    assert STORED.read(counts) == {"duplicate": 2, "inserted": 3, "unchanged": 5, "updated": 1}
    assert DISCOVERY.read(counts) == {"http_404": 4}
    assert count_keys.STORED_UNCHANGED.value_in(counts) == 5
    assert count_keys.PAGES_FETCHED.value_in(counts) == 0
    assert count_keys.PAGES_FETCHED.stat == "warta/pages/fetched"
    assert count_keys.SKIPPED_ROBOTS_TXT.stat == "robotstxt/forbidden"
    assert SKIPPED.stat("http_503") == "warta/skipped/http_503"


def test_a_key_is_declared_with_its_part_filled_in():
    assert is_declared("skipped/language_en")
    assert is_declared("discovery/http_503") and is_declared("skipped/http_503")
    assert is_declared("discovery/dns_failed") and is_declared("responses")
    assert not is_declared("skipped/made_up")
    assert not is_declared("discovery/language_en")  # a skip reason, not a failure
    assert not is_declared("skipped/language_")


# --- the declarations -------------------------------------------------------------------


def declared_constants() -> dict[str, Count]:
    return {name: value for name, value in vars(count_keys).items() if isinstance(value, Count)}


def test_every_count_is_declared_once_with_what_it_counts_and_where():
    keys = [count.key for count in count_keys.COUNTS]
    assert len(keys) == len(set(keys))
    # Each one is a constant code can name, and each constant is in the documentation,
    # once.
    assert sorted(declared_constants().values(), key=str) == sorted(count_keys.COUNTS, key=str)
    documented = [count for section in count_docs.SECTIONS for count in section.counts()]
    assert sorted(documented, key=str) == sorted(count_keys.COUNTS, key=str)
    for count in count_keys.COUNTS:
        assert len(count.meaning.split()) >= 3, f"{count.key}: say what it counts"
        assert count.where, f"{count.key}: name the module that counts it"
        for module in count.where:
            assert (PROJECT_DIR / module).is_file(), f"{count.key}: no {module}"


# --- the code ---------------------------------------------------------------------------


def _docstrings(tree: ast.Module) -> set[ast.AST]:
    scopes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        node.body[0].value
        for node in ast.walk(tree)
        if isinstance(node, scopes) and node.body and isinstance(node.body[0], ast.Expr)
    }


def _spelled_out(value: str) -> bool:
    """Whether a string is a count's key or stat, or the start of one."""
    families = {count.key.partition("/")[0] + "/" for count in count_keys.COUNTS}
    scrapy = {count.scrapy for count in count_keys.COUNTS if count.scrapy}
    key = value.removeprefix(count_keys.STAT_PREFIX)
    return value in scrapy or any(key.startswith(family) for family in families)


def test_no_key_is_spelled_out_outside_the_declarations():
    found = []
    for path, tree in code("crawler", "storage", "cleaners").items():
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values:
                node = node.values[0]
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node not in docstrings
                and _spelled_out(node.value)
            ):
                found.append(f"{path.relative_to(PROJECT_DIR)}:{node.lineno} {node.value!r}")
    assert found == [], "count and read through crawler.count_keys"


def _through_a_declaration(argument: ast.expr) -> bool:
    """``count.stat``, ``FAMILY.stat(name)``, or a stat of Scrapy's own."""
    if isinstance(argument, ast.Attribute):
        return argument.attr == "stat"
    if isinstance(argument, ast.Call) and isinstance(argument.func, ast.Attribute):
        return argument.func.attr == "stat"
    return (
        isinstance(argument, ast.Constant)
        and isinstance(argument.value, str)
        and not argument.value.startswith(count_keys.STAT_PREFIX)
    )


def test_every_warta_stat_is_written_and_read_through_a_declaration():
    found = []
    for path, tree in code("crawler").items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in STAT_METHODS
                and not (node.args and _through_a_declaration(node.args[0]))
            ):
                found.append(f"{path.relative_to(PROJECT_DIR)}:{node.lineno}")
    assert found == []


# --- the reasons and outcomes counts are named by ---------------------------------------


def _template(node: ast.JoinedStr) -> str:
    return "".join(
        str(value.value) if isinstance(value, ast.Constant) else "<>" for value in node.values
    )


def _results(node: ast.AST | None) -> set[str]:
    """The strings an expression can evaluate to (``"a" if test else "b"``, ``x or
    "c"``, f-string templates as ``http_<>``), not those it only compares with."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        return {_template(node)}
    if isinstance(node, ast.IfExp):
        return _results(node.body) | _results(node.orelse)
    if isinstance(node, ast.BoolOp):
        return set().union(*map(_results, node.values))
    return set()


def _strings_assigned_to(tree: ast.AST, name: str) -> set[str]:
    """Every string assigned to ``name`` (a variable, an attribute or a keyword argument),
    tuple assignments paired element by element."""
    found: set[str] = set()

    def named(node: ast.AST) -> bool:
        return (isinstance(node, ast.Name) and node.id == name) or (
            isinstance(node, ast.Attribute) and node.attr == name
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == name:
            found |= _results(node.value)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if named(target):
                    found |= _results(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for element, value in zip(target.elts, node.value.elts, strict=True):
                        if named(element):
                            found |= _results(value)
    return found


def _returned_strings(tree: ast.AST, function: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return):
                    found |= _results(ret.value)
    return found


def failure_reasons() -> set[str]:
    """What a failed request is counted as: crawler.failures' reasons and the spider's."""
    return set(failures._BY_EXCEPTION.values()) | _returned_strings(
        _parsed(SPIDER), "_failure_reason"
    )


def cleaner_reasons() -> set[str]:
    """Why the cleaner refuses a page: every reason cleaners/clean.py gives."""
    return _strings_assigned_to(_parsed(PROJECT_DIR / "cleaners/clean.py"), "reason")


def store_outcomes() -> set[str]:
    """What the store did with a record: what storage/store.py assigns to ``outcome``,
    directly or through the methods it calls to decide."""
    tree = _parsed(PROJECT_DIR / "storage/store.py")
    outcomes = _strings_assigned_to(tree, "outcome")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "outcome" for t in node.targets)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
        ):
            outcomes |= _returned_strings(tree, node.value.func.attr)
    return outcomes


def skip_templates() -> set[str]:
    """Reasons the spider and the pipelines write out when they skip a page
    (``language_<>``); the others they name through the declarations."""
    found = set()
    for path in (SPIDER, PIPELINES):
        for node in ast.walk(_parsed(path)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("skip", "_skipped")
            ):
                found |= set().union(*map(_results, node.args))
    return found


def vocabularies() -> dict[count_keys.Family, set[str]]:
    """The names each family's counts are filled in with while a crawl runs."""
    return {
        SKIPPED: failure_reasons() | cleaner_reasons() | skip_templates(),
        DISCOVERY: failure_reasons(),
        STORED: store_outcomes(),
    }


def test_the_code_is_read_as_it_is():
    """A sample of each way a name reaches a count, so the scans below see the code."""
    assert {"http_<>", "dns_failed", "too_large", "filtered"} <= failure_reasons()
    assert {"paywall", "not_article", "too_short", "not_html"} <= cleaner_reasons()
    assert store_outcomes() == {"inserted", "updated", "unchanged", "duplicate"}
    assert skip_templates() == {"language_<>"}


def test_every_reason_and_outcome_a_crawl_counts_is_declared():
    undeclared = sorted(
        family.key(name)
        for family, names in vocabularies().items()
        for name in names
        if not is_declared(family.key(filled(name)))
    )
    assert undeclared == [], "declare them in crawler/count_keys.py"


def _referenced_names() -> set[str]:
    names: set[str] = set()
    for tree in code("crawler", "storage", "cleaners").values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.alias):
                names.add(node.name)
    return names


def test_no_declared_count_outlives_the_code_that_counts_it():
    """Each count is named by the code, copied from Scrapy's stats, or filled in from the
    reasons and outcomes the code gives."""
    referenced = _referenced_names()
    filled_in = {
        family.key(normalised(name)) for family, names in vocabularies().items() for name in names
    }
    stale = sorted(
        count.key
        for name, count in declared_constants().items()
        if name not in referenced and not count.scrapy and normalised(count.key) not in filled_in
    )
    assert stale == [], "nothing counts these: remove their declarations"
