"""Keep the header's repository link a plain link, so reading the site calls no one.

With ``repo_url`` on GitHub, the Material theme's JavaScript asks the GitHub API for the
repository's stars, forks and latest release every time a reader opens the site: a request
to a third party on every visit, and one our browser test forbids (rule 5: no network at
read time). The theme starts that request only for the element marked
``data-md-component="source"``; removing the mark keeps the link, its icon and the
repository name, and drops the request.
"""

from __future__ import annotations

SOURCE_COMPONENT = ' data-md-component="source"'


def strip_repository_facts(output: str) -> str:
    """The page without the mark that makes the theme fetch repository facts.

    >>> strip_repository_facts('<a href="x" class="md-source" data-md-component="source">')
    '<a href="x" class="md-source">'
    """
    return output.replace(SOURCE_COMPONENT, "")


def on_post_page(output: str, page, config) -> str:
    """MkDocs hook: applied to every page's final HTML."""
    return strip_repository_facts(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """MkDocs hook: applied to the pages rendered from templates alone (404.html)."""
    return strip_repository_facts(output_content)
