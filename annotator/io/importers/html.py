"""HTML pages: the visible paragraphs, joined by blank lines (DESIGN section 3).

Only the standard library parser is used and nothing is ever fetched: images, frames and
other remote content are dropped, as are scripts, styles and navigation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.text import canonicalize, title_from_text
from annotator.errors import UserError
from annotator.io.importers.common import make_document, read_file_text
from annotator.io.importers.registry import Importer, ReadResult, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema

# Elements whose content a reader never sees as article text. <nav> is menus, not the report.
_HIDDEN = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "head", "nav", "iframe",
        "object", "video", "audio", "canvas", "select", "button", "textarea",
    }
)  # fmt: skip
# Elements that start and end a paragraph.
_BLOCKS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "blockquote", "pre",
        "div", "section", "article", "main", "aside", "header", "footer", "table", "tr", "td",
        "th", "caption", "dd", "dt", "figure", "figcaption", "hr", "address", "body", "form",
        "fieldset", "details", "summary",
    }
)  # fmt: skip
# HTML's own whitespace; a no-break space (U+00A0) is visible and must survive.
_SPACES = re.compile(r"[ \t\n\r\f]+")
_LINE_BREAK = "\x00"  # marks <br> inside a paragraph; NUL cannot occur in decoded text


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.title = ""
        self.first_h1 = ""
        self._parts: list[str] = []
        self._hidden: dict[str, int] = {}  # open hidden elements by name
        self._pre = 0
        self._in_title = False
        self._title_parts: list[str] = []
        self._h1_depth = 0
        self._h1_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            # An <svg> has <title>s of its own; only the page's (in <head> or loose) counts.
            self._in_title = self._hidden.keys() <= {"head"}
        elif tag in _HIDDEN:
            self._hidden[tag] = self._hidden.get(tag, 0) + 1
        elif self._hidden:
            pass
        elif tag == "br":
            self._parts.append("\n" if self._pre else _LINE_BREAK)
        elif tag in _BLOCKS:
            self._flush()
            self._pre += tag == "pre"
            self._h1_depth += tag == "h1"
        if tag == "body":
            self._hidden.pop("head", None)  # a missing </head> must not hide the page

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            if self._in_title and not self.title:
                self.title = _collapse("".join(self._title_parts))
            self._in_title = False
        elif tag in _HIDDEN:
            if self._hidden.get(tag):
                self._hidden[tag] -= 1
                if not self._hidden[tag]:
                    del self._hidden[tag]
        elif tag in _BLOCKS and not self._hidden:
            self._flush()
            if tag == "pre" and self._pre:
                self._pre -= 1
            if tag == "h1" and self._h1_depth:
                self._h1_depth -= 1
                if not self._h1_depth and not self.first_h1:
                    self.first_h1 = _collapse("".join(self._h1_parts))
                self._h1_parts.clear()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            if not self.title:
                self._title_parts.append(data)
            return
        if self._hidden:
            return
        if self._h1_depth:
            self._h1_parts.append(data)
        self._parts.append(data if self._pre else _SPACES.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._flush()
        if not self.title:  # an unclosed <title>
            self.title = _collapse("".join(self._title_parts))

    def _flush(self) -> None:
        raw = "".join(self._parts)
        self._parts.clear()
        if self._pre:
            block = raw.replace(_LINE_BREAK, "\n").strip("\n")
            if block.strip():
                self.paragraphs.append(block.rstrip())
            return
        # Consecutive <br>s separate paragraphs; a single one is a line break inside one.
        lines = [_collapse(line) for line in raw.split(_LINE_BREAK)]
        current: list[str] = []
        for line in [*lines, ""]:
            if line:
                current.append(line)
            elif current:
                self.paragraphs.append("\n".join(current))
                current = []


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def visible_text(markup: str) -> tuple[str, str]:
    """(canonical text, title) of an HTML page; the title is ``""`` if there is none."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    # Character references such as &#13; can bring back a CR, so canonicalise at the end.
    text = canonicalize("\n\n".join(parser.paragraphs))
    title = parser.title or parser.first_h1 or title_from_text(text)
    return text, canonicalize(title)


def read_html(path: Path, schema: LabelSchema) -> ReadResult:
    markup = read_file_text(path)
    try:
        text, title = visible_text(markup)
    except (AssertionError, ValueError) as exc:  # very old parsers raised on odd markup
        raise UserError(f"{path}: cannot parse the HTML ({exc})") from None
    if not text.strip():
        raise UserError(f"{path}: no visible text")
    document = make_document(
        text, doc_id=path.stem, title=title, meta={"source_file": path.name}, source=str(path)
    )
    return ReadResult([document])


HTML = register(
    Importer(
        name="html",
        extensions=(".html", ".htm"),
        description="HTML page: its visible paragraphs (scripts, styles and menus dropped)",
        read=read_html,
    )
)
