"""The build-time hooks of the site (docs/hooks/), each held to its documented convention.

The hooks are imported from their files, as MkDocs imports them. The end-to-end checks
(a real build) are in test_site_build.py; these pin the edge cases a chapter writer can
hit: a misspelt formula name, a marker inside code, TeX that KaTeX refuses, a figure that
is not a figure, a snippet section that does not exist.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import markdown
import pytest
from matplotlib.figure import Figure
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from site_html import ROOT, load_hook

formulas = load_hook("sympy_formulas")
maths = load_hook("katex_maths")
figures = load_hook("generated_figures")
api_pages = load_hook("api_pages")

FAKE_TEX = {"square": "x^{2}", "two_lines": "a = b \\\\\nc = d"}


def fake_latex(name: str) -> str:
    return FAKE_TEX[name]


# --- [[latex:NAME]] markers -------------------------------------------------------------


def test_a_marker_becomes_display_maths_keeping_its_indentation() -> None:
    page = "!!! note\n\n    [[latex:two_lines]]\n\nafter"
    assert formulas.expand_latex_markers(page, fake_latex, FAKE_TEX) == (
        "!!! note\n\n\n    $$\n    a = b \\\\\n    c = d\n    $$\n\n\nafter"
    )


def test_markers_in_code_are_left_alone() -> None:
    page = "```markdown\n[[latex:nope]]\n```\n\nWrite `[[latex:NAME]]` on its own line.\n"
    assert formulas.expand_latex_markers(page, fake_latex, FAKE_TEX) == page


def test_an_unknown_name_stops_the_build_with_a_suggestion() -> None:
    with pytest.raises(PluginError, match=r"chapter\.md:3: .*did you mean 'square'"):
        formulas.expand_latex_markers("a\n\n[[latex:sqaure]]\n", fake_latex, FAKE_TEX, "chapter.md")


def test_without_a_list_of_names_the_latex_function_decides() -> None:
    with pytest.raises(PluginError, match=r"\[\[latex:nope\]\] failed: KeyError"):
        formulas.expand_latex_markers("[[latex:nope]]", fake_latex)


def test_a_marker_not_alone_on_its_line_is_an_error_not_text() -> None:
    with pytest.raises(PluginError, match="must stand alone on its line"):
        formulas.expand_latex_markers("See [[latex:square]] here.", fake_latex, FAKE_TEX)


def test_empty_tex_is_an_error() -> None:
    with pytest.raises(PluginError, match="not TeX"):
        formulas.expand_latex_markers("[[latex:x]]", lambda name: "  ", None)


def test_every_sympy_formula_is_known_and_typesets_in_strict_katex() -> None:
    from nnfromscratch.proofs import symbolic

    names = symbolic.IDENTITY_NAMES
    assert names, "nnfromscratch.proofs.symbolic declares no formulas"
    for name in names:
        page = formulas.expand_latex_markers(f"[[latex:{name}]]", symbolic.latex, names)
        tex = page.strip().removeprefix("$$").removesuffix("$$").strip()
        assert tex == symbolic.latex(name).strip()
        assert maths.render(tex, display=True).startswith('<span class="katex-display">')


def test_proven_formulas_are_kept_for_the_next_build_of_the_same_code(tmp_path: Path) -> None:
    cache = tmp_path / "formulas" / "key.json"
    first = formulas.ProvenFormulas(cache)
    tex = first.latex("sigmoid_derivative")  # proved now, through nnfromscratch.proofs.symbolic
    first.save()
    assert cache.is_file()
    again = formulas.ProvenFormulas(cache)
    assert again.latex("sigmoid_derivative") == tex and not again.new
    assert "dL_dw1" in again.known()
    # What a later build shows comes from the kept file (its key names this very code):
    cache.write_text(cache.read_text().replace(tex.replace("\\", "\\\\"), "KEPT"))
    assert formulas.ProvenFormulas(cache).latex("sigmoid_derivative") == "KEPT"


# --- maths typeset by KaTeX --------------------------------------------------------------


def test_inline_and_display_maths_are_typeset_with_their_attributes_kept() -> None:
    content = (
        '<p><span class="arithmatex">\\(a &lt; b\\)</span></p>'
        '<div id="eq" class="arithmatex big">\\[\n\\boxed{x}\n\\]</div>'
    )
    out = maths.typeset(content)
    assert out.count('<span class="katex">') == 2  # the display one sits in katex-display
    assert '<div id="eq" class="arithmatex big" data-search-exclude><span class="katex-display">' in out
    assert "a &lt; b" not in out.split("<annotation")[0]  # the source only in the MathML
    assert "\\(" not in out and "\\[" not in out


def test_strict_katex_refuses_tex_it_would_only_tolerate() -> None:
    with pytest.raises(PluginError, match=r"page\.md: KaTeX cannot typeset"):
        maths.typeset('<span class="arithmatex">\\(\\unknowncommand\\)</span>', "page.md")


def test_a_page_goes_to_katex_in_one_call_and_each_formula_lands_in_its_place() -> None:
    content = "".join(
        f'<span class="arithmatex">\\({tex}\\)</span>|' for tex in ("x_1", "y^2", "x_1", "z")
    )
    out = maths.typeset(content).split("|")[:-1]
    assert [maths.render(tex, display=False) in part for part, tex in zip(out, ("x_1", "y^2", "x_1", "z"), strict=True)] == [True] * 4
    assert out[0] == out[2] and out[0] != out[1]


def test_the_formula_katex_refuses_is_named_even_among_good_ones() -> None:
    content = (
        '<span class="arithmatex">\\(a\\)</span>'
        '<span class="arithmatex">\\(\\frac{1}\\)</span>'
        '<span class="arithmatex">\\(b\\)</span>'
    )
    with pytest.raises(PluginError, match=r"^p\.md: KaTeX cannot typeset the formula \\frac\{1\}: KaTeX parse error: "):
        maths.typeset(content, "p.md")


def test_strict_mode_refuses_unicode_text_in_maths() -> None:
    with pytest.raises(PluginError, match=r"unicodeTextInMathMode"):
        maths.typeset('<span class="arithmatex">\\(é\\)</span>', "page.md")


def test_html_without_maths_is_unchanged() -> None:
    content = '<p class="arithmetic">\\(not maths\\)</p><code>$$x$$</code>'
    assert maths.typeset(content) == content


# --- figures drawn at build time ---------------------------------------------------------


def write_module(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")


def site_config(tmp_path: Path) -> MkDocsConfig:
    """A minimal valid MkDocs configuration, as a hook receives it during a build."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = MkDocsConfig()
    config.load_dict(
        {"site_name": "test", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")}
    )
    errors, _ = config.validate()
    assert not errors
    # MkDocs sets this while it runs a plugin's event; File.generated() records it.
    config.plugins._current_plugin = "test"
    return config


LINE_FIGURE = """
    from matplotlib.figure import Figure

    def line():
        figure = Figure(figsize=(2, 2))
        figure.add_subplot().plot([0, 1], [1, 0])
        return figure

    FIGURES = {NAMES}
"""


def build_figures(config: MkDocsConfig) -> Files:
    """The figure hook's two steps in a build: declare (on_files), then finish (on_env)."""
    files = figures.on_files(Files([]), config)
    figures.on_env(None, config, files)
    return files


def test_each_declared_figure_becomes_a_generated_svg(tmp_path: Path) -> None:
    write_module(tmp_path / "docs" / "figures", "lines.py",
                 LINE_FIGURE.replace("{NAMES}", '{"line.svg": line, "line-2.svg": line}'))
    write_module(tmp_path / "docs" / "figures", "_helper.py", "FIGURES = {'skip.svg': None}\n")
    write_module(tmp_path / "docs" / "figures", "empty.py", "X = 1\n")
    files = build_figures(site_config(tmp_path))
    assert sorted(f.src_uri for f in files) == ["figures/line-2.svg", "figures/line.svg"]
    svg = files.get_file_from_path("figures/line.svg").content_bytes
    assert svg.startswith(b"<?xml") and svg == files.get_file_from_path("figures/line-2.svg").content_bytes


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ('{"Line.SVG": line}', "must be lower-case"),
        ('{"line.png": line}', "ending in .svg"),
        ('{"line.svg": 42}', "must be a function"),
        ('{"line.svg": lambda: None}', "not a matplotlib.figure.Figure"),
        ('[("line.svg", line)]', "FIGURES must be a dict"),
    ],
)
def test_a_bad_declaration_stops_the_build(tmp_path: Path, names: str, message: str) -> None:
    write_module(tmp_path / "docs" / "figures", "bad.py", LINE_FIGURE.replace("{NAMES}", names))
    with pytest.raises(PluginError, match=message):
        build_figures(site_config(tmp_path))


def test_two_modules_cannot_declare_the_same_figure(tmp_path: Path) -> None:
    for module in ("a.py", "b.py"):
        write_module(tmp_path / "docs" / "figures", module,
                     LINE_FIGURE.replace("{NAMES}", '{"same.svg": line}'))
    with pytest.raises(PluginError, match="declared by"):
        build_figures(site_config(tmp_path))


def test_a_module_that_fails_to_import_names_itself(tmp_path: Path) -> None:
    write_module(tmp_path / "docs" / "figures", "broken.py", "import no_such_module_here\n")
    with pytest.raises(PluginError, match=r"broken\.py: importing the figure module failed"):
        build_figures(site_config(tmp_path))


def test_a_figure_that_raises_names_its_module_and_figure(tmp_path: Path) -> None:
    write_module(tmp_path / "docs" / "figures", "boom.py",
                 "def boom():\n    raise ValueError('no data')\n\nFIGURES = {'boom.svg': boom}\n")
    with pytest.raises(PluginError, match=r"boom\.py: FIGURES\['boom\.svg'\] raised ValueError"):
        build_figures(site_config(tmp_path))


def test_figures_are_drawn_again_only_when_their_code_changes(tmp_path: Path) -> None:
    folder, cache = tmp_path / "docs" / "figures", tmp_path / ".cache" / "figures"
    write_module(folder, "lines.py", LINE_FIGURE.replace("{NAMES}", '{"line.svg": line}'))
    config = site_config(tmp_path)
    build_figures(config)
    (first,) = cache.iterdir()
    drawn_at = (first / "line.svg").stat().st_mtime_ns
    build_figures(config)
    assert list(cache.iterdir()) == [first]
    assert (first / "line.svg").stat().st_mtime_ns == drawn_at, "an unchanged module was redrawn"
    write_module(folder, "lines.py",
                 LINE_FIGURE.replace("{NAMES}", '{"line.svg": line}').replace("[1, 0]", "[0, 1]"))
    files = build_figures(config)
    (second,) = cache.iterdir()  # the new drawing replaced the old one; no scratch left over
    assert second != first and not second.name.startswith(".")
    assert files.get_file_from_path("figures/line.svg").abs_src_path == str(second / "line.svg")


def test_the_sigmoid_figure_shows_values_computed_by_the_package() -> None:
    module = figures.load_module(ROOT / "docs" / "figures" / "activations.py")
    figure = module.FIGURES["sigmoid.svg"]()
    assert isinstance(figure, Figure)
    assert [t.get_text() for t in figure.axes[0].texts] == ["σ(0) = 0.5", "σ′(0) = 0.25"]
    assert figure.get_facecolor()[3] == 0.0, "figures need a transparent background"


# --- API pages -----------------------------------------------------------------------------


def test_api_pages_are_generated_only_where_none_is_written(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    (tmp_path / "docs" / "reference").mkdir()
    (tmp_path / "docs" / "reference" / "activations.md").write_text("# Written by hand\n")
    from mkdocs.structure.files import get_files

    files = api_pages.on_files(get_files(config), config)
    modules = api_pages.public_modules(ROOT / "nnfromscratch")  # e.g. "course.activations"
    generated = {f.src_uri for f in files if f.generated_by is not None}
    names = {m.rsplit(".", 1)[-1] for m in modules}  # "exercises" sits at the top
    assert len(names) == len(modules)  # one page per module: no name is in two subpackages
    assert generated == {f"reference/{name}.md" for name in names if name != "activations"}


# --- code included from the package --------------------------------------------------------


@pytest.fixture(scope="module")
def site_markdown_config() -> MkDocsConfig:
    return load_config(str(ROOT / "mkdocs.yml"))


def render_with_site_extensions(config: MkDocsConfig, text: str) -> str:
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    return md.convert(text)


def test_a_marked_section_of_a_source_file_is_included(
    site_markdown_config: MkDocsConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "demo.py").write_text(
        "import math\n\n"
        "# --8<-- [start:area]\n"
        "def area(r):\n    return math.pi * r**2\n"
        "# --8<-- [end:area]\n"
    )
    monkeypatch.chdir(tmp_path)  # snippets' base_path "." is the folder mkdocs runs in
    html = render_with_site_extensions(
        site_markdown_config, '```python\n--8<-- "demo.py:area"\n```\n'
    )
    code = re.sub(r"<[^>]+>", "", html)  # the highlighted code, without its markup
    assert code.strip() == "def area(r):\n    return math.pi * r**2"


@pytest.mark.parametrize("include", ['"demo.py:nope"', '"missing.py"'])
def test_a_missing_snippet_stops_the_build(
    site_markdown_config: MkDocsConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    include: str,
) -> None:
    (tmp_path / "demo.py").write_text("# --8<-- [start:area]\nx = 1\n# --8<-- [end:area]\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Exception, match="could not be"):
        render_with_site_extensions(site_markdown_config, f"```python\n--8<-- {include}\n```\n")


print_page = load_hook("print_page")


@pytest.mark.parametrize("html", [
    '<h2 id="a">A</h2>\n<p>x <sup id="fnref:1"><a href="#fn:1">1</a></sup></p>',
    # (the plugin's pattern is slow on long lines without spaces, hence the small sizes)
    '<li id="fn:1"><p>note</p></li><li ID="fn:2">two</li> <span class="k">' + "<span>x</span>" * 12,
    '<div><h3 class="x" id="b">B</h3><span id="c"></span>' + "<span>" * 9 + "</span>" * 9,
    '<p>no id on this line <em>at</em> all</p>\n<h1 id="top">Top</h1> <h4 id="q">q',
    '<li><a id="x" href="#y">one tag holds the other\'s id</a></li>\n<h5 id="a\nb">wrapped</h5>',
    '<h6 id="dup">x</h6><h6 id="dup">x</h6>\n<sup id="s">1</sup><p id="p">p</p>',
], ids=["footnotes", "one-long-line", "nested", "lines-without-ids", "id-across-lines",
        "duplicates"])
def test_the_print_pages_fast_anchor_fix_equals_the_plugins(html: str) -> None:
    from mkdocs_print_site_plugin.urls import update_anchor_ids as plugins

    # Imported before the hook's on_config replaces it (the hook replaces the module's name).
    assert plugins is not print_page.update_anchor_ids
    assert print_page.update_anchor_ids(html, "page") == plugins(html, "page")


def test_api_pages_are_not_built_without_a_signature_formatter(monkeypatch) -> None:
    # Without Ruff (or Black), mkdocstrings would quietly publish other HTML than tested.
    api_pages = load_hook("api_pages")
    found = api_pages.importlib.util.find_spec
    monkeypatch.setattr(api_pages.importlib.util, "find_spec",
                        lambda name: None if name in ("ruff", "black") else found(name))
    with pytest.raises(PluginError, match="formatted by Ruff, which is not installed"):
        api_pages.on_config({})
    monkeypatch.undo()
    assert api_pages.on_config({}) == {}
