"""Sphinx configuration of the course book (``make book``; sources staged by ``tools/book.py``).

The pages are the committed, executed notebooks, rendered by MyST-NB without running them.
The build needs no network. Built with the tag ``offline`` (``tools/book.py`` sets it once npm has
fetched them), MathJax (formulas), require.js and the ipywidgets HTML manager (saved widget state)
are files of the site, so pages render with no network; without it the reader's browser loads them
from public CDNs. Every figure, including the static image of each widget's default state, is a
file of the site. ``static/headcount.css`` wraps long output lines and sizes code for the column.
"""
project = "Head Count"
author = "Head Count contributors"
copyright = "2026, Head Count contributors (MIT licence)"

extensions = ["myst_nb"]
nb_execution_mode = "off"          # the committed outputs are the pages; never re-executed
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 4           # [text](page.ipynb#3-section-title) links, as on GitHub
suppress_warnings = ["mystnb.unknown_mime_type"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

html_theme = "sphinx_book_theme"
html_title = "Head Count"
html_theme_options = {
    "repository_url": "https://github.com/headcount-course/headcount",
    "use_repository_button": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_static_path = ["static"]      # relative to this folder; tools/book.py adds the vendored scripts
html_css_files = ["headcount.css"]
if tags.has("offline"):  # noqa: F821 - Sphinx provides `tags`; tools/book.py put the scripts in _static
    mathjax_path = "mathjax/tex-mml-chtml.js"
    nb_ipywidgets_js = {"requirejs/require.js": {}, "widgets.js": {},  # widgets.js: where the manager's files are
                        "@jupyter-widgets/html-manager/dist/embed-amd.js":
                            {"data-jupyter-widgets-cdn": "https://cdn.jsdelivr.net/npm/"}}
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
