"""HTML pages: the visible paragraphs, joined by blank lines (DESIGN section 3).

Parsed with lxml (libxml2's HTML parser), which is linear in the size of the page: the standard
library's parser is quadratic on some markup (``'<a' * 80000`` took 26 s). Nothing is ever
fetched: images, frames and other remote content are dropped, as are scripts, styles,
navigation and elements the page hides. ``--html main`` keeps only the main article
(trafilatura, an optional extra). The page's declared charset is honoured (``encodings.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.records import NewDocument
from annotator.core.text import canonicalize, title_from_text
from annotator.errors import UserError
from annotator.io.importers.common import Notes, make_document, read_file_text
from annotator.io.importers.registry import Importer, register

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
# Inline styles that hide an element from every reader (cookie banners, menus, templates).
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# HTML's own whitespace; a no-break space (U+00A0) is visible and must survive.
_SPACES = re.compile(r"[ \t\n\r\f]+")
_LINE_BREAK = "\x00"  # marks <br> inside a paragraph; NUL is refused in imported text


class _VisibleText:
    """Collects paragraphs while walking the parsed tree (``walk``)."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.first_h1 = ""
        self._parts: list[str] = []
        self._pre = 0
        self._h1_depth = 0
        self._h1_parts: list[str] = []

    def walk(self, root: Any) -> None:
        from lxml import etree  # loaded when a page is read: every command starts faster

        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                if tag in _HIDDEN or tag == "title" or _hidden_by_attribute(element):
                    walker.skip_subtree()  # its text is not the article's; its tail is
                    continue
                self.start(tag)
                if element.text:
                    self.data(element.text)
            else:
                if tag not in _HIDDEN and tag != "title" and not _hidden_by_attribute(element):
                    self.end(tag)
                if element.tail:
                    self.data(element.tail)
        self._flush()

    def start(self, tag: str) -> None:
        if tag == "br":
            self._parts.append("\n" if self._pre else _LINE_BREAK)
        elif tag in _BLOCKS:
            self._flush()
            self._pre += tag == "pre"
            self._h1_depth += tag == "h1"

    def end(self, tag: str) -> None:
        if tag not in _BLOCKS:
            return
        self._flush()
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag == "h1" and self._h1_depth:
            self._h1_depth -= 1
            if not self._h1_depth and not self.first_h1:
                self.first_h1 = _collapse("".join(self._h1_parts))
            self._h1_parts.clear()

    def data(self, data: str) -> None:
        if self._h1_depth:
            self._h1_parts.append(data)
        self._parts.append(data if self._pre else _SPACES.sub(" ", data))

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


def _hidden_by_attribute(element: Any) -> bool:
    """True for an element the page hides: ``hidden``, ``aria-hidden="true"`` or an inline
    ``display: none`` / ``visibility: hidden``. Its text is not what a reader sees."""
    attributes = element.attrib
    if not attributes:
        return False
    if "hidden" in attributes or attributes.get("aria-hidden", "").strip().lower() == "true":
        return True
    return bool(_HIDING_STYLE.search(attributes.get("style", "")))


def _page_title(root: Any) -> str:
    """The first non-empty <title> that is the page's (not an <svg>'s, say)."""
    for element in root.iter("title"):
        if all(a.tag == "head" or a.tag not in _HIDDEN for a in element.iterancestors()):
            title = _collapse("".join(element.itertext()))
            if title:
                return title
    return ""


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _parse(markup: str, source: str) -> Any:
    from lxml import etree

    parser = etree.HTMLParser(
        encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True, no_network=True
    )
    # Bytes, so that an XML declaration naming another encoding cannot confuse the parser:
    # the text was decoded already.
    root = etree.HTML(markup.encode("utf-8", "surrogatepass"), parser)
    for error in parser.error_log:
        if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT or "depth" in error.message:
            raise UserError(
                f"{source}: line {error.line}: elements nested too deeply ({error.message})"
            )
    return root


def visible_text(markup: str, source: str = "<html>") -> tuple[str, str]:
    """(canonical text, title) of an HTML page; the title is ``""`` if there is none."""
    root = _parse(markup, source)
    if root is None:
        return "", ""
    walker = _VisibleText()
    walker.walk(root)
    # Character references such as &#13; can bring back a CR, so canonicalise at the end.
    text = canonicalize("\n\n".join(walker.paragraphs))
    title = _page_title(root) or walker.first_h1 or title_from_text(text)
    return text, canonicalize(title)


def main_text(markup: str, source: str) -> tuple[str, str]:
    """(canonical text, title) of the page's main article, through trafilatura: the headline
    and the body's paragraphs, without menus, bylines, share links, related stories or
    footers. Its boilerplate detection is trained on thousands of real pages; ours would be
    a guess."""
    try:
        import trafilatura
    except ImportError:
        raise UserError("--html main needs trafilatura: pip install 'annotator[html]'") from None
    extracted = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=False
    )
    found: dict[str, Any] = {}
    if isinstance(extracted, dict):
        found = extracted
    elif extracted is not None:
        found = extracted.as_dict()
    body = found.get("text") or ""
    if not body.strip():
        raise UserError(f"{source}: --html main found no article in the page")
    # trafilatura gives one paragraph per line; ours are separated by blank lines.
    paragraphs = [_collapse(line) for line in body.split("\n")]
    text = canonicalize("\n\n".join(line for line in paragraphs if line))
    title = _collapse(found.get("title") or "")
    return text, canonicalize(title or title_from_text(text))


def read_html(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    markup = read_file_text(path, notes, html=True)
    if notes.options.html == "main":
        text, title = main_text(markup, str(path))
    else:
        text, title = visible_text(markup, str(path))
    if not text.strip():
        raise UserError(f"{path}: no visible text")
    yield make_document(
        text, doc_id=path.stem, title=title, meta={"source_file": path.name}, source=str(path)
    )


HTML = register(
    Importer(
        name="html",
        extensions=(".html", ".htm"),
        description="HTML page: its visible paragraphs (scripts, styles, menus and hidden "
        "elements dropped), or with --html main only the main article",
        stream=read_html,
    )
)
