"""Encodings (--encoding NAME|auto, BOMs, an HTML page's declared charset) and what of an HTML
page becomes article text (hidden elements, comments, --html main), through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.store import Store
from tests.cli.in_process import cli, digest

RUSSIAN = "Три солдата погибли возле Кельбаджара, заявило министерство обороны во вторник."
# A real report's shape: the article among the page furniture a news site wraps around it.
ARTICLE_PARAGRAPHS = [
    "Azerbaijan's defence ministry said on Tuesday that three of its soldiers were killed when "
    "Armenian forces shelled positions near Kalbajar, a claim Yerevan denied.",
    'Armenia\'s defence ministry called the statement "disinformation" and said its units had '
    "not opened fire in the area during the past week.",
    "Independent observers were unable to verify either account. The region has seen repeated "
    "clashes since the 2020 ceasefire.",
    "According to local residents, artillery fire could be heard throughout the night in "
    "villages near the line of contact.",
]
BOILERPLATE = [
    "We use cookies to improve your experience",
    "Breadcrumb World",
    "By Jane Doe",
    "Share on Facebook",
    "Ceasefire talks stall",
    "Sign up for our newsletter",
    "All rights reserved",
]
NEWS_PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Three soldiers killed near Kalbajar - Wire</title></head><body>
<div class="cookie-banner">{BOILERPLATE[0]}. <button>Accept</button></div>
<header><a href="/">Wire</a></header>
<ol class="breadcrumbs"><li>Home</li><li>{BOILERPLATE[1]}</li></ol>
<article><h1>Three soldiers killed in shelling near Kalbajar, ministry says</h1>
<p class="byline">{BOILERPLATE[2]}, 12 March 2021</p>
{"".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)}
</article>
<div class="share">{BOILERPLATE[3]} Share on X</div>
<aside><h2>Related stories</h2><ul><li>{BOILERPLATE[4]}</li><li>Peacekeepers deployed</li>
</ul></aside>
<div class="newsletter">{BOILERPLATE[5]}</div>
<footer>© 2021 Wire Service. {BOILERPLATE[6]}.</footer>
</body></html>"""


def stored_texts(db: Path) -> dict[str, str]:
    with Store.open(db, write=False) as store:
        return {doc.doc_id: store.document(doc.id).text for doc in store.list_documents()}


def imported(capsys, db: Path, *args: str | Path) -> dict[str, str]:
    result = cli(capsys, "import", *args, "--db", db)
    assert result.code == 0, result.err
    return stored_texts(db)


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1251">',
        "<meta charset=windows-1251>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=cp1251'>",
    ],
)
def test_an_html_page_is_read_in_its_declared_charset(tmp_path, capsys, head) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(f"<html><head>{head}</head><body><p>{RUSSIAN}</p></body>".encode("cp1251"))
    assert imported(capsys, tmp_path / "db.sqlite3", page)["report"] == RUSSIAN


def test_a_bom_wins_over_the_declared_charset(tmp_path, capsys) -> None:
    page = tmp_path / "report.html"
    markup = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body>'
    page.write_bytes(b"\xef\xbb\xbf" + markup.encode("utf-8"))
    assert imported(capsys, tmp_path / "db.sqlite3", page)["report"] == RUSSIAN


def test_latin1_declared_means_windows_1252_as_on_the_web(tmp_path, capsys) -> None:
    page = tmp_path / "quote.html"
    body = "\u201cWe were shelled\u201d, the mayor said."  # curly quotes exist only in cp1252
    page.write_bytes(f'<meta charset="iso-8859-1"><p>{body}</p>'.encode("cp1252"))
    assert imported(capsys, tmp_path / "db.sqlite3", page)["quote"] == body


def test_a_page_whose_bytes_break_its_declared_charset_is_refused_in_one_line(
    tmp_path, capsys
) -> None:
    page = tmp_path / "bad.html"
    page.write_bytes(b'<meta charset="utf-8"><p>caf\xe9</p>')
    result = cli(capsys, "import", page, "--db", tmp_path / "db.sqlite3")
    assert "bad.html: byte" in result.refused()


def test_hidden_elements_and_unterminated_comments_never_become_text(tmp_path, capsys) -> None:
    page = tmp_path / "hidden.html"
    page.write_text(
        "<p>Shown one.</p>"
        "<div hidden>secret A</div>"
        '<div aria-hidden="true">secret B</div>'
        '<p style="color: red; DISPLAY : none">secret C</p>'
        '<span style="visibility:hidden">secret D</span> tail kept.'
        '<div aria-hidden="false">Shown two.</div>'
        "<p>Shown three.</p><!-- an unterminated comment <p>secret E</p>",
        encoding="utf-8",
    )
    text = imported(capsys, tmp_path / "db.sqlite3", page)["hidden"]
    assert "secret" not in text
    assert text == "Shown one.\n\ntail kept.\n\nShown two.\n\nShown three."


def test_html_main_keeps_the_article_and_drops_the_page_furniture(tmp_path, capsys) -> None:
    page = tmp_path / "news.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    text = imported(capsys, db, page, "--html", "main")["news"]
    for paragraph in ARTICLE_PARAGRAPHS:
        assert f"\n\n{paragraph}" in text or text.startswith(paragraph)
    for furniture in BOILERPLATE:
        assert furniture not in text
    assert text.startswith("Three soldiers killed in shelling near Kalbajar, ministry says\n\n")
    # The default keeps every visible word, furniture included: the user chooses.
    other = tmp_path / "other.sqlite3"
    visible = imported(capsys, other, page)["news"]
    assert all(furniture in visible for furniture in BOILERPLATE if "cookies" not in furniture)


def test_an_explicit_encoding_reads_text_and_csv(tmp_path, capsys) -> None:
    txt = tmp_path / "ru.txt"
    txt.write_bytes(RUSSIAN.encode("cp1251"))
    table = tmp_path / "table.csv"
    table.write_bytes(f'id,text\nrow1,"Таблица: {RUSSIAN}"\n'.encode("cp1251"))
    texts = imported(capsys, tmp_path / "db.sqlite3", txt, table, "--encoding", "windows-1251")
    assert texts == {"ru": RUSSIAN, "row1": f"Таблица: {RUSSIAN}"}


def test_without_encoding_a_legacy_file_is_refused_with_advice(tmp_path, capsys) -> None:
    txt = tmp_path / "ru.txt"
    txt.write_bytes(RUSSIAN.encode("cp1251"))
    db = tmp_path / "db.sqlite3"
    line = cli(capsys, "import", txt, "--db", db).refused()
    assert "ru.txt: byte 0: not valid UTF-8" in line and "--encoding" in line


def test_auto_guesses_and_always_says_what_it_guessed(tmp_path, capsys) -> None:
    txt = tmp_path / "ru.txt"
    txt.write_bytes((RUSSIAN + " " + RUSSIAN.lower()).encode("cp1251"))
    db = tmp_path / "db.sqlite3"
    result = cli(capsys, "import", txt, "--encoding", "auto", "--db", db)
    assert result.code == 0, result.err
    (note,) = [line for line in result.err_lines if "--encoding auto" in line]
    assert "read as cp1251 (confidence" in note and "%)" in note
    assert stored_texts(db)["ru"].startswith(RUSSIAN)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("klingon", "--encoding: unknown encoding 'klingon'"),
        ("rot13", "--encoding: 'rot13' is not a text encoding"),
    ],
)
def test_a_bad_encoding_name_is_refused_before_anything_opens(
    tmp_path, capsys, name, expected
) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text("text", encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    assert cli(capsys, "import", txt, "--db", db).code == 0
    before = digest(db)
    assert cli(capsys, "import", txt, "--encoding", name, "--db", db).refused().endswith(expected)
    assert digest(db) == before


def test_bytes_that_do_not_fit_the_named_encoding_are_refused(tmp_path, capsys) -> None:
    txt = tmp_path / "a.txt"
    txt.write_bytes(b"ok \x81\x82 not shift-jis \xff")
    line = cli(capsys, "import", txt, "--encoding", "shift_jis", "--db", tmp_path / "d").refused()
    assert "a.txt: byte" in line and "not valid shift_jis" in line
