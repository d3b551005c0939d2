"""What a student sees: panels, plots and tables.

Panels are thin ipywidgets views (core widgets only, so Colab's 7.x and 8.x both work) over
controller objects that tests call directly: :mod:`.widgets` (the training panel and shared run
controls), :mod:`.explorers` (task, exponent and embedding explorers), :mod:`.live` (the live
head-count sweep) and :mod:`.live_slice` (the real-data slice). :mod:`.plots` returns matplotlib
Figures; :mod:`.tables` formats results beside the paper's. This is the only wing that imports
ipywidgets or matplotlib.
"""
