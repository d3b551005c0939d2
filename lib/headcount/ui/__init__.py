"""What a student sees: panels, plots and tables.

Panels are thin ipywidgets views (core widgets only, so Colab's 7.x and 8.x both work) over
controller objects that tests call directly: :mod:`.widgets` (the training panel and the shared run
controls), :mod:`.explorers` (task, exponent and embedding explorers), :mod:`.live` (the live
head-count sweep), :mod:`.live_slice` (the real-data slice), :mod:`.live_depth` (the L x h slice)
and :mod:`.live_panels` (the views of the live experiments). :mod:`.plots`, :mod:`.realdata_plots`
and :mod:`.depth_plots` return matplotlib Figures; :mod:`.tables` and :mod:`.intro_views` format
results beside the paper's; :mod:`.ledger` renders the reproduction ledger. This is the only wing that
imports ipywidgets or matplotlib.
"""
