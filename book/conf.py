"""Sphinx configuration of the course book (``make book``; sources staged by ``tools/book.py``).

The pages are the committed, executed notebooks, rendered by MyST-NB without running them.
The build needs no network. At view time the reader's browser loads MathJax (formulas) and,
on pages with a widget, the ipywidgets HTML manager (saved widget state) from public CDNs; every
figure, including the static image of each widget's default state, is a file of the site.
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
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
