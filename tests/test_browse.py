"""`warta browse`: Datasette on the SQLite file, read-only, searchable, on 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from crawler.commands.browsing import datasette_argv, free_port, serve_datasette
from storage import ArticleStore, open_database
from storage.datasette import (
    DEFAULT_COLUMNS,
    FTS_TABLE,
    PLUGINS_DIR,
    SEARCH_PATH,
    TEMPLATES_DIR,
    database_name,
    datasette_metadata,
    default_view_query,
    table_names,
)
from storage.models import Article
from storage.search import search
from tests.conftest import WARTA, run_warta
from tests.test_storage import record

# Requests to the local server must not go through a proxy set in the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
BANJIR_URL = "https://kabarkita.example/read/1/banjir-rob"
# Columns a reader should not meet in the list of articles unless they ask for them.
LONG_COLUMNS = ("body", "description", "url_seen", "content_hash", "tags", "simhash")
# Warta's syntax: a phrase, OR, an exclusion. Its two matches, best first, are the
# opposite of newest first: the older one has the phrase in its title.
RANKED_QUERY = '"kepala daerah" OR permukiman -beras'
RANKED_TITLES = ["Gubernur Lantik Tiga Kepala Daerah", "Banjir Rob Rendam Pesisir Utara"]


def get(url: str, data: bytes | None = None) -> tuple[int, object]:
    try:
        with OPENER.open(url, data=data, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode(errors="replace")


def page(url: str) -> tuple[int, str, str]:
    """Status, final URL (after redirects) and HTML of a page."""
    try:
        with OPENER.open(url, timeout=10) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.url, exc.read().decode()


def header_columns(html: str) -> list[str]:
    """The columns of the rows table, in order, as Datasette heads them."""
    return re.findall(r'<th [^>]*scope="col" data-column="([^"]+)"', html)


def answers(url: str) -> bool:
    try:
        get(url)
    except (urllib.error.URLError, OSError):
        return False
    return True


def articles() -> list[dict]:
    return [
        record(
            BANJIR_URL,
            body="Banjir rob merendam permukiman warga di pesisir utara sejak Senin pagi.",
            site="kabarkita",
            title="Banjir Rob Rendam Pesisir Utara",
            section="Regional",
            published="2024-05-06T08:00:00+07:00",
        ),
        record(
            "https://kabarkita.example/read/2/harga-beras",
            body="Harga beras di pasar tradisional turun menjelang panen raya.",
            site="kabarkita",
            title="Harga Beras Turun",
            section="Ekonomi",
            published="2024-05-05T09:30:00+07:00",
        ),
        record(
            "https://beritaselatan.example/2024/05/04/pelantikan",
            body="Gubernur melantik tiga kepala daerah di gedung DPRD provinsi.",
            site="beritaselatan",
            title="Gubernur Lantik Tiga Kepala Daerah",
            section="Politik",
            published="2024-05-04T10:15:00+08:00",
        ),
    ]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browse") / "warta.db"
    store = ArticleStore(f"sqlite:///{path}")
    assert store.upsert(articles()).outcomes == ["inserted"] * 3
    if FTS_TABLE not in table_names(path):
        # Only until the migration adding the full-text index is in this tree.
        with closing(sqlite3.connect(path)) as conn, conn:
            conn.execute(
                "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
            )
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
    return path


@pytest.fixture(scope="module")
def server(db_path) -> str:
    """The root URL of Datasette serving the test database."""
    with serve_datasette(db_path, free_port()) as url:
        yield url


@pytest.fixture
def table(server, db_path) -> str:
    return f"{server}{database_name(db_path)}/articles"


def test_metadata_configures_search_facets_and_order():
    metadata = datasette_metadata("warta")
    assert metadata["title"] == "warta"
    tables = metadata["databases"]["warta"]["tables"]
    articles_meta = tables["articles"]
    assert articles_meta["fts_table"] == "articles_fts"
    assert articles_meta["fts_pk"] == "id"
    assert articles_meta["sort_desc"] == "published_utc"
    assert articles_meta["facets"] == [
        "site_id",
        "section",
        "language",
        {"date": "published_utc"},
    ]
    assert tables["sites"]["label_column"] == "key"
    assert articles_meta["label_column"] == "title"  # near_duplicate_of shows the title
    assert f'action="{SEARCH_PATH}"' in articles_meta["description_html"]
    assert metadata["plugins"]["warta"] == {
        "database": "warta",
        "default_view": default_view_query(),
    }
    for noisy in ("alembic_version", "articles_fts_data", "articles_fts_idx"):
        assert tables[noisy]["hidden"] is True
    assert (
        "fts_table"
        not in datasette_metadata("warta", full_text=False)["databases"]["warta"]["tables"][
            "articles"
        ]
    )


def test_argv_serves_immutable_on_loopback_only(tmp_path):
    argv = datasette_argv(tmp_path / "warta.db", 8123, tmp_path / "metadata.json")
    assert argv[:4] == [sys.executable, "-m", "datasette", "serve"]
    assert argv[argv.index("-i") + 1] == str(tmp_path / "warta.db")
    assert argv[argv.index("--host") + 1] == "127.0.0.1"
    assert argv[argv.index("--port") + 1] == "8123"
    assert argv[argv.index("--metadata") + 1] == str(tmp_path / "metadata.json")
    assert argv[argv.index("--plugins-dir") + 1] == str(PLUGINS_DIR)
    assert argv[argv.index("--template-dir") + 1] == str(TEMPLATES_DIR)
    assert [path.name for path in PLUGINS_DIR.glob("*.py")] == ["warta_browse.py"]
    assert "0.0.0.0" not in argv
    assert str(tmp_path / "warta.db") not in argv[argv.index("-i") + 2 :]  # not also mutable


def test_all_articles_newest_first(table):
    status, rows = get(f"{table}.json?_shape=array")
    assert status == 200
    assert len(rows) == 3
    assert [row["published"][:10] for row in rows] == ["2024-05-06", "2024-05-05", "2024-05-04"]


def test_default_view_shows_the_reading_columns_newest_first(table):
    status, url, html = page(table)
    assert status == 200
    assert url == f"{table}?{default_view_query()}"
    assert header_columns(html) == ["id", "title", "site_id", "published", "section", "authors"]
    # The title opens the article on its site; authors read as names, not JSON.
    assert f'<a href="{BANJIR_URL}">Banjir Rob Rendam Pesisir Utara</a>' in html
    assert '<td class="col-authors type-str">Rina Kusuma</td>' in html
    split = urllib.parse.urlsplit(url)
    status, data = get(f"{table}.json?{split.query}&_size=1")
    assert data["columns"] == ["id", *DEFAULT_COLUMNS]
    published = []
    while True:  # page by page, still newest first though published_utc is not shown
        published += [row[3] for row in data["rows"]]
        if not data["next_url"]:
            break
        status, data = get(data["next_url"])
        assert status == 200
    assert [day[:10] for day in published] == ["2024-05-06", "2024-05-05", "2024-05-04"]


def test_long_columns_stay_out_of_the_default_view_but_within_reach(server, table, db_path):
    _, url, html = page(table)
    assert not set(LONG_COLUMNS) & set(header_columns(html))
    assert "merendam permukiman" not in html  # no body text in the list
    _, data = get(f"{table}.json?{urllib.parse.urlsplit(url).query}")
    assert not set(LONG_COLUMNS) & set(data["columns"])
    # Asked for by name, a column joins the view...
    _, html = get(f"{url}&_col=body")
    assert header_columns(html)[-1] == "body"
    assert "merendam permukiman" in html
    # ..."Show all columns" (the view's URL without its columns) shows all of them...
    _, _, html = page(f"{table}?_sort_desc=published_utc")
    assert set(LONG_COLUMNS) <= set(header_columns(html))
    assert len(header_columns(html)) == len(Article.__table__.columns)
    # ...and the row page and the JSON API have every column.
    _, row = get(f"{server}{database_name(db_path)}/articles/1.json?_shape=array")
    assert row[0]["body"].startswith("Banjir rob merendam permukiman")
    _, data = get(f"{table}.json")
    assert set(LONG_COLUMNS) <= set(data["columns"])


def test_search_page_ranks_in_wartas_syntax(server, db_path):
    query = urllib.parse.urlencode({"q": RANKED_QUERY})
    status, data = get(f"{server}{SEARCH_PATH[1:]}.json?{query}")
    assert status == 200
    assert [hit["title"] for hit in data["hits"]] == RANKED_TITLES
    # The very results `warta search` gives, in its order, with its snippets...
    expected = search(open_database(f"sqlite:///{db_path}"), RANKED_QUERY)
    assert [(hit["id"], hit["snippet"]) for hit in data["hits"]] == [
        (hit.id, hit.snippet) for hit in expected
    ]
    assert "[kepala daerah]" in data["hits"][0]["snippet"]
    assert data["hits"][0]["row_url"] == f"/{database_name(db_path)}/articles/3"
    # ...and on the page: title (linked to the article), site, published, snippet.
    status, html = get(f"{server}{SEARCH_PATH[1:]}?{query}")
    assert status == 200
    titles = re.findall(r'<td class="col-title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == RANKED_TITLES
    assert "<mark>kepala daerah</mark>" in html
    assert "beritaselatan" in html
    assert "2024-05-04T10:15:00+08:00" in html


def test_search_page_takes_the_filters_of_warta_search(server):
    def titles(**params) -> list[str]:
        status, data = get(f"{server}{SEARCH_PATH[1:]}.json?{urllib.parse.urlencode(params)}")
        assert status == 200, data
        return [hit["title"] for hit in data["hits"]]

    assert titles(q=RANKED_QUERY, site="kabarkita") == RANKED_TITLES[1:]
    assert titles(q=RANKED_QUERY, since="2024-05-05") == RANKED_TITLES[1:]
    assert titles(q=RANKED_QUERY, section="politik") == RANKED_TITLES[:1]
    assert titles(q=RANKED_QUERY, limit="1") == RANKED_TITLES[:1]
    assert titles(q="pasar*") == ["Harga Beras Turun"]


def test_search_page_answers_a_query_it_cannot_read_in_one_line(server):
    base = f"{server}{SEARCH_PATH[1:]}"
    status, data = get(f"{base}.json?q=%22banjir")
    assert (status, data) == (400, {"ok": False, "error": "unbalanced quote in the search query"})
    status, data = get(f"{base}.json?q=banjir&since=kemarin")
    assert status == 400
    assert "not a date" in data["error"]
    status, html = get(f"{base}?q=%22banjir")
    assert status == 400
    assert '<p class="message-error">unbalanced quote in the search query</p>' in html
    status, html = get(base)  # the empty form, not an error
    assert status == 200
    assert "message-error" not in html


def test_full_text_search_finds_only_the_matching_article(table):
    status, rows = get(f"{table}.json?_search=banjir&_shape=array")
    assert status == 200
    assert [row["url"] for row in rows] == [BANJIR_URL]
    _, rows = get(f"{table}.json?_search=gubernur&_shape=array")
    assert [row["title"] for row in rows] == ["Gubernur Lantik Tiga Kepala Daerah"]


def test_facets_show_site_keys(table):
    status, data = get(f"{table}.json")
    assert status == 200
    facets = data["facet_results"]
    sites = {result["label"]: result["count"] for result in facets["site_id"]["results"]}
    assert sites == {"kabarkita": 2, "beritaselatan": 1}
    sections = {result["value"] for result in facets["section"]["results"]}
    assert sections == {"Regional", "Ekonomi", "Politik"}
    assert {result["value"] for result in facets["language"]["results"]} == {"id"}
    days = {result["value"] for result in facets["published_utc"]["results"]}
    assert days == {"2024-05-06", "2024-05-05", "2024-05-04"}


def test_nothing_can_be_written(server, table, db_path):
    name = database_name(db_path)
    _, databases = get(f"{server}-/databases.json")
    assert [(db["name"], db["is_mutable"]) for db in databases] == [(name, False)]
    delete = urllib.parse.quote("delete from articles")
    status, _ = get(f"{server}{name}.json?sql={delete}")
    assert status == 400
    status, _ = get(table, data=b"title=diubah")
    assert status >= 400
    with closing(sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (3,)


def test_listens_on_loopback_only(server):
    port = urllib.parse.urlsplit(server).port
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        pytest.skip("needs /proc/net/tcp to see which addresses are listened on")
    listening = set()
    for path in tables:
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if state == "0A" and int(local_port, 16) == port:  # 0A: LISTEN
                listening.add(address)
    assert listening == {"0100007F"}  # 127.0.0.1, and neither 0.0.0.0 nor ::


def test_serve_datasette_stops_the_server_on_exit(db_path):
    port = free_port()
    with serve_datasette(db_path, port) as url:
        assert url == f"http://127.0.0.1:{port}/"
        assert answers(f"{url}-/versions.json")
    assert not answers(f"{url}-/versions.json")


def test_browse_refuses_postgresql():
    result = run_warta("browse", "--db", "postgresql://x@127.0.0.1/x", "--no-open")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("warta: error:")
    assert "SQLite" in lines[0]


def test_browse_refuses_a_missing_file(tmp_path):
    missing = tmp_path / "nothing-here.db"
    result = run_warta("browse", "--db", str(missing), "--no-open")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(missing) in lines[0]
    assert not missing.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT as Ctrl-C does")
def test_warta_browse_serves_until_ctrl_c(db_path, tmp_path):
    port = free_port()
    # Ctrl-C reaches a program run in the foreground, whose SIGINT is at its default;
    # a test suite started in the background (`make test &`, nohup) has SIGINT ignored,
    # and every process it starts inherits that: warta would never see the Ctrl-C. The
    # child starts with the default, as from a terminal. Unbuffered, with faulthandler
    # on, so that a hang fails with warta's output and every thread's stack.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
    process = subprocess.Popen(
        [str(WARTA), "browse", "--db", str(db_path), "--port", str(port), "--no-open"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    probe = f"http://127.0.0.1:{port}/{database_name(db_path)}/articles.json?_shape=array"
    try:
        # warta prints the URL once Datasette answers, and exits if it cannot start.
        printed = []
        while not printed or "Ctrl-C" not in printed[-1]:
            line = process.stdout.readline()
            if not line:
                break
            printed.append(line)
        assert process.poll() is None, process.communicate()[1]
        status, rows = get(probe)
        assert status == 200
        assert len(rows) == 3
        process.send_signal(signal.SIGINT)
        try:
            stdout, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # faulthandler prints every stack
            stdout, stderr = process.communicate(timeout=30)
            pytest.fail(f"warta browse did not stop on Ctrl-C:\n{stdout}\n{stderr}")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert f"http://127.0.0.1:{port}/warta/articles" in "".join(printed)
    assert "Stopped." in stdout
    assert not answers(probe)  # Datasette was stopped with it
