"""The exporter of feedback pages: nbgrader's HTML feedback, cheaper to render, same content.

Two costs of nbconvert's HTMLExporter are cut, each measured at about a quarter of a
submission's grading CPU:

Templates. nbgrader makes a new HTMLExporter, hence a new Jinja environment, for every
`generate_feedback` call, and Jinja compiles the feedback template and every template it
extends again each time. FeedbackExporter gives each environment one in-memory bytecode
cache per process (Jinja's own extension point). Jinja checks each cached entry against
the template's source, so an edited template is compiled again.

The accessibility pass. HTMLExporter.from_notebook_node parses the whole rendered page
with BeautifulSoup, adds `alt` to every `img` without one, sets tabindex="0" on
`.jp-Notebook div.jp-Cell-inputWrapper` and `.jp-Notebook div.jp-OutputArea-output`, and
re-serialises the tree: building, searching and printing that tree costs about 0.3 s a
page. FeedbackExporter renders the page the same way minus that pass and then makes the
same changes in the rendered text (`accessible`): html.parser, the tokenizer
BeautifulSoup itself uses here, set up as BeautifulSoup sets it up, reads the page's tags
(about a tenth of the pass's cost; no tree, no search, no printing), and the alt
attribute is written into each start tag of an `img` without one, last, where
BeautifulSoup's tree puts it. So the tags that get it are exactly the ones the stock pass
sees, whatever markup a student's output holds (scripts, comments, attribute values with
`<img` in them, broken HTML). nbgrader's feedback template extends nbconvert's classic
template, which has no jp-Notebook element: the tabindex selectors can only match markup
a cell put there itself, so a page where any class names jp-Notebook, or where an
inserted alt would not read back as exactly that one added attribute, gets the stock pass.

The page is the same document, not the same bytes: BeautifulSoup's printing also rewrites
markup (`<br>` as `<br/>`, attribute quoting, character references), which this page
keeps as the template wrote it. BeautifulSoup(page, "html.parser") printed is byte for
byte the stock page (tests/test_pages.py checks it on every chapter, released and
executed, and on hostile outputs).
"""

from __future__ import annotations

from html.parser import HTMLParser

from bs4 import BeautifulSoup
from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

#: the text nbconvert's pass gives an image without one
ALT = "No description has been provided for this image"
_ALT_ATTRIBUTE = f' alt="{ALT}"'


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process's memory, keyed and checked by Jinja."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja drops it if the source changed

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._store.clear()


#: one per process: a worker's tasks share it
COMPILED = MemoryBytecodeCache()


class _Tags(HTMLParser):
    """Reads a page's start tags as BeautifulSoup's html.parser builder does.

    Collects (start, end, attrs) of every `img` start tag without an alt attribute, and
    notes any class attribute naming jp-Notebook (in any case, as soupsieve may match it)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=False)  # as bs4's HTMLParserTreeBuilder
        self.page = page
        self.missing_alt: list[tuple[int, int, list]] = []
        self.notebook_class = False
        self.last: list[tuple[str, str | None]] | None = None  # the attrs of an img without alt
        self._base = 0

    def goahead(self, end):
        # rawdata is what is left of the page: positions in it are offset by what went
        self._base = len(self.page) - len(self.rawdata)
        super().goahead(end)

    def parse_starttag(self, i):
        self.last = None
        end = super().parse_starttag(i)
        if self.last is not None and end > i:
            self.missing_alt.append((self._base + i, self._base + end, self.last))
        return end

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "class" and value and "jp-notebook" in value.lower():
                self.notebook_class = True
        if tag == "img" and all(name != "alt" for name, _ in attrs):
            self.last = attrs

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


class _OneTag(HTMLParser):
    """Everything html.parser reads in a text: (tag, attrs) for a start tag, None else."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.seen: list = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))

    handle_startendtag = handle_starttag

    def unknown_decl(self, data):
        self.seen.append(None)

    handle_data = handle_endtag = handle_comment = handle_decl = handle_pi = unknown_decl
    handle_charref = handle_entityref = unknown_decl


def _start_tag(text: str):
    """The start tag `text` is, read alone, or None if it is not exactly one start tag."""
    parser = _OneTag()
    parser.feed(text)
    parser.close()
    return parser.seen[0] if len(parser.seen) == 1 else None


def stock_pass(html: str, log) -> str:
    """nbconvert's own pass (HTMLExporter.from_notebook_node, 7.17), for the pages
    `accessible` leaves to it."""
    soup = BeautifulSoup(html, features="html.parser")
    missing_alt = 0
    for elem in soup.select("img:not([alt])"):
        elem.attrs["alt"] = ALT
        missing_alt += 1
    if missing_alt:
        log.warning("Alternative text is missing on %s image(s).", missing_alt)
    for elem in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
        elem.attrs["tabindex"] = "0"
    for elem in soup.select(".jp-Notebook div.jp-OutputArea-output"):
        elem.attrs["tabindex"] = "0"
    return str(soup)


def accessible(page: str) -> tuple[str, int] | None:
    """`page` with nbconvert's accessibility changes and how many images got an alt, or
    None where only BeautifulSoup's pass gives the same document."""
    tags = _Tags(page)
    tags.feed(page)
    tags.close()
    if tags.notebook_class:
        return None
    parts, done = [], 0
    for start, end, attrs in tags.missing_alt:
        tag = page[start:end]
        if not tag.endswith(">"):
            return None
        # last, before the tag's ">", where BeautifulSoup's dict puts it; kept only if the
        # tag, read alone, is the same tag plus that one attribute (`<img src=>` is not:
        # the alt would become src's value). Read in the page, it ends at the same ">":
        # the added text holds no quote left open, so no value can run past it.
        new = tag[:-1] + _ALT_ATTRIBUTE + ">"
        if _start_tag(tag) != ("img", attrs) or _start_tag(new) != ("img", [*attrs, ("alt", ALT)]):
            return None
        parts += [page[done:start], new]
        done = end
    parts.append(page[done:])
    return "".join(parts), len(tags.missing_alt)


class FeedbackExporter(HTMLExporter):
    """HTMLExporter whose Jinja environment reuses this process's compiled templates and
    whose accessibility changes are made without BeautifulSoup's tree."""

    @property
    def environment(self):
        environment = super().environment
        environment.bytecode_cache = COMPILED
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        # HTMLExporter.from_notebook_node (nbconvert 7.17) up to its BeautifulSoup pass
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources)
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        try:
            done = accessible(html)
        except Exception:  # html.parser gave up: the stock pass does the same, or raises
            done = None
        if done is None:
            return stock_pass(html, self.log), resources
        html, missing_alt = done
        if missing_alt:
            self.log.warning("Alternative text is missing on %s image(s).", missing_alt)
        return html, resources
