"""Under ``python3 dev.py serve``, an edit to a page rebuilds that page, not the whole site.

`python3 dev.py serve` runs ``mkdocs serve --dirty``. MkDocs then rebuilds only the files
that are newer than their output, but on its own that is neither fast nor right here: the
generated pages (the API reference, each chapter's notebook) count as new every time, and
the API reference is most of a build; the notebooks of the chapters not rebuilt are
written out empty; the pages not rebuilt have no title in the navigation of those that
are, and drop out of the print page; and the theme's merge of the search index loses every
page when the home page is edited. Skipping the generated pages as well would also empty
mkdocstrings' inventory and leave the chapters' links into the API unresolved. This hook
keeps a dirty build exact. It remembers, from each build, what every page contributed to
the others, and decides what the next build must do:

* **Only pages changed** (their Markdown, compared by content, not by time): those pages
  are rebuilt, with their notebooks and the print page. Every other page keeps its title,
  table of contents, anchors, search entries and print-page HTML from the build before,
  and the cross-reference targets of the whole site (mkdocs-autorefs) are carried over.
  If a rebuilt page's title, headings or anchors came out different, the other pages may
  show or link to them, so every page is rebuilt in the same build.
* **Anything else changed** (the package, a hook, a figure, an asset, mkdocs.yml, the set
  of pages) or there is no earlier build: the site folder is emptied and everything is
  built, exactly as ``mkdocs build`` does.

Either way the site served is the site ``mkdocs build`` makes from the same files:
tests/test_quick_rebuilds.py edits a chapter, rebuilds it this way and compares every
file with a full build. An ordinary ``mkdocs build`` is untouched by this hook, apart from
keeping compiled theme templates for the process (below). The memory is this process's:
MkDocs loads the hooks once per ``mkdocs serve`` (so an edited hook, this one included,
takes effect when the server is started again).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.quick_rebuilds")
DIRTY_WARNING = "A 'dirty' build is being performed"
# Written after every build from what all pages hold: mkdocstrings' inventory of the API.
SITE_WIDE = ("objects.inv",)
NOTEBOOKS_HOOK = "docs/hooks/notebooks.py"  # as mkdocs.yml names it
AUTOREFS_MAPS = ("_primary_url_map", "_secondary_url_map", "_title_map", "_abs_url_map")


class _TemplatesInMemory(BytecodeCache):
    """Compiled Jinja templates, kept for the process (checked against each source)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


@dataclass
class _PageMemory:
    """What one page's last build gave the rest of the site."""

    source: str  # digest of the page's Markdown
    title: str | None  # as the navigation shows it
    rendered_title: str | None  # its first heading
    markdown: str | None  # after the hooks' changes (MkDocs' title needs it)
    meta: dict
    toc: object
    anchors: set[str] | None
    print_html: str | None
    search_entries: list[dict] = field(default_factory=list)


@dataclass
class _Memory:
    serving_dirty: bool = False
    inputs: str | None = None  # digest of every input that is not a page
    pending_inputs: str | None = None  # this build's
    pages: dict[str, _PageMemory] = field(default_factory=dict)
    autorefs: dict[str, dict] = field(default_factory=dict)
    rebuilt: set[str] = field(default_factory=set)  # src_uris this build renders
    quick: bool = False  # this build rebuilds only `rebuilt`
    files: object = None  # this build's
    sources: dict[str, str] = field(default_factory=dict)  # this build's page digests
    site_wide: dict[str, bytes] = field(default_factory=dict)  # SITE_WIDE files, as built


_memory = _Memory()
_templates = _TemplatesInMemory()


def _digest_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def inputs_digest(config, page_paths: set[Path]) -> str:
    """A digest of mkdocs.yml and every file of docs/ and the watched folders but the pages."""
    root = Path(config.config_file_path).parent
    folders = [Path(config.docs_dir), *(Path(w) for w in config.watch)]
    paths = {Path(config.config_file_path).resolve()}
    for folder in folders:
        paths.update(p.resolve() for p in folder.rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts)
    return _digest_files(sorted(paths - page_paths), root.resolve())


def on_startup(command: str, dirty: bool) -> None:
    """MkDocs hook: under ``mkdocs serve --dirty``, this hook keeps the dirty builds exact."""
    _memory.serving_dirty = command == "serve" and dirty
    if _memory.serving_dirty:
        # MkDocs warns that a dirty build may be inaccurate (a warning stops a strict build);
        # here it is not, and on_files says what each build does instead.
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not record.getMessage().startswith(DIRTY_WARNING)
        )


def on_config(config):
    """MkDocs hook: theme templates are compiled once per process, not once per build."""
    theme = config.theme
    fresh_env = theme.get_env

    def get_env():
        env = fresh_env()
        env.bytecode_cache = _templates
        return env

    theme.get_env = get_env
    return config


def _is_generated(file) -> bool:
    return file.generated_by is not None


def _source_digest(file) -> str:
    return hashlib.blake2b(file.content_bytes, digest_size=16).hexdigest()


def _set_modified(files, modified) -> None:
    """Make MkDocs' dirty build render exactly the pages and generated files `modified` names."""
    for file in files:
        if file.is_documentation_page() or _is_generated(file):
            file.is_modified = lambda uri=file.src_uri: modified(uri)


@event_priority(-100)  # after every other hook and plugin has added its files
def on_files(files, config):
    """MkDocs hook: decide what this build rebuilds (see the module's docstring)."""
    _memory.quick = False
    if not _memory.serving_dirty:
        return files
    written = [f for f in files.documentation_pages() if not _is_generated(f)]
    _memory.sources = {f.src_uri: _source_digest(f) for f in files.documentation_pages()}
    page_paths = {Path(f.abs_src_path).resolve() for f in written}
    inputs = inputs_digest(config, page_paths)
    known = {f.src_uri for f in files.documentation_pages()} == set(_memory.pages)
    _memory.pending_inputs = inputs  # remembered once the build has ended well
    if inputs != _memory.inputs or not known:
        utils.clean_directory(config.site_dir)  # nothing left of an earlier build
        log.info("Building every page")
        return files
    changed = {f.src_uri for f in written
               if _memory.sources[f.src_uri] != _memory.pages[f.src_uri].source}
    print_page = config.plugins["print-site"].print_file.src_uri
    notebooks = config.plugins[NOTEBOOKS_HOOK]  # its notebook and script of each chapter
    _memory.rebuilt = changed | {print_page} | {
        f"{notebooks.FOLDER}/{notebooks.stem(uri)}{suffix}"
        for uri in changed for suffix in (".ipynb", ".py")
    }
    _memory.quick = True
    _set_modified(files, lambda uri: uri in _memory.rebuilt)
    log.info("Rebuilding %s; the rest of the site is unchanged",
             ", ".join(sorted(changed)) or "no page")
    return files


def _toc_entries(toc) -> list[tuple[str, str, int]]:
    found = []
    for item in toc:
        found.append((item.id, item.title, item.level))
        found.extend(_toc_entries(item.children))
    return found


def _changes_other_pages(page) -> bool:
    old = _memory.pages[page.file.src_uri]
    return (page.title != old.title or page.meta != old.meta
            or page.present_anchor_ids != old.anchors
            or _toc_entries(page.toc) != _toc_entries(old.toc))


def _escalate(pages, config, files) -> None:
    """Build every page after all, in the site's order, as a full build does."""
    log.info("A title, heading or anchor changed: building every page")
    _memory.quick = False
    _memory.rebuilt.update(f.src_uri for f in files)
    autorefs = config.plugins["autorefs"]
    for name in AUTOREFS_MAPS:  # registered again below, in the order of a full build
        getattr(autorefs, name).clear()
    for page in pages:
        mkdocs_build._populate_page(page, config, files)


def _carry_over_autorefs(config, pages) -> None:
    """The site's cross-reference targets: the rebuilt pages' new ones, the others' old ones."""
    autorefs = config.plugins["autorefs"]
    order = {page.url: number for number, page in enumerate(pages)}
    rebuilt = {page.url for page in pages if page.file.src_uri in _memory.rebuilt}
    for name, old in _memory.autorefs.items():
        new = getattr(autorefs, name)
        if name in ("_primary_url_map", "_secondary_url_map"):  # identifier -> [url, ...]
            for key in old.keys() | new.keys():
                urls = [u for u in old.get(key, []) if _page_of(u) not in rebuilt]
                urls += [u for u in new.get(key, []) if u not in urls]
                # the order of a full build, which registers page after page
                new[key] = sorted(urls, key=lambda u: order.get(_page_of(u), len(order)))
        elif name == "_title_map":  # url -> title
            new.update({u: title for u, title in old.items()
                        if _page_of(u) not in rebuilt and u not in new})
        else:  # identifier -> an absolute URL
            new.update({k: u for k, u in old.items() if k not in new})


@event_priority(100)  # before mkdocs-autorefs resolves the cross-references (-50)
def on_env(env, config, files):
    """MkDocs hook: give the pages not rebuilt what they had; carry the cross-references over."""
    _memory.files = files
    if not _memory.quick:
        return env
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    if any(p.file.src_uri in _memory.rebuilt and p.file.src_uri in _memory.pages
           and _changes_other_pages(p) for p in pages):
        _escalate(pages, config, files)
        return env
    _carry_over_autorefs(config, pages)
    for page in pages:
        if page.file.src_uri in _memory.rebuilt:
            continue
        old = _memory.pages[page.file.src_uri]
        page._title_from_render, page.meta, page.toc = old.rendered_title, old.meta, old.toc
        page.markdown = old.markdown
        page.present_anchor_ids = old.anchors
        if old.print_html is not None:
            page.html = old.print_html
    return env


def _page_of(url: str) -> str:
    return url.split("#", 1)[0]


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config) -> None:
    """MkDocs hook: complete the search index; remember this build for the next."""
    if not _memory.serving_dirty:
        return
    search = config.plugins["material/search"]
    search.search_index_prev = None  # the theme's own dirty merge: replaced by this
    by_page: dict[str, list[dict]] = {}
    for entry in search.search_index.entries:
        by_page.setdefault(_page_of(entry["location"]), []).append(entry)
    entries = []
    pages = [f.page for f in _memory.files.documentation_pages() if f.page is not None]
    for page in pages:
        uri = page.file.src_uri
        if _memory.quick and uri not in _memory.rebuilt:
            memory = _memory.pages[uri]
        else:
            memory = _PageMemory(
                source=_memory.sources[uri], title=page.title,
                rendered_title=page._title_from_render, markdown=page.markdown,
                meta=page.meta, toc=page.toc, anchors=page.present_anchor_ids,
                print_html=getattr(page, "html", None),
                search_entries=by_page.get(page.url, []),
            )
            _memory.pages[uri] = memory
        entries.extend(memory.search_entries)
    search.search_index.entries = entries
    site = Path(config.site_dir)
    for name in SITE_WIDE:
        if _memory.quick:
            (site / name).write_bytes(_memory.site_wide[name])
        elif (site / name).is_file():
            _memory.site_wide[name] = (site / name).read_bytes()
    autorefs = config.plugins["autorefs"]
    _memory.autorefs = {name: dict(getattr(autorefs, name)) for name in AUTOREFS_MAPS}
    _memory.inputs = _memory.pending_inputs


def on_build_error(error: Exception) -> None:
    """MkDocs hook: after a failed build (a strict warning too), the next one builds it all."""
    _memory.inputs = None
