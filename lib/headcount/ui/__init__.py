"""What a student sees: panels, plots and tables.

Panels are thin ipywidgets views (core widgets only, so Colab's 7.x and 8.x both work) over
controller objects that tests call directly, each panel's controller and view side by side in a module
named for what it shows: :mod:`.training_panel` (notebook 02's live training), :mod:`.explorers` (task,
exponent and embedding explorers), :mod:`.head_sweep` (notebook 05's live head-count sweep),
:mod:`.realdata_slice` (notebook 06's real-data slice) and :mod:`.depth_slice` (notebook 07's L x h
slice); :mod:`.run_control` holds what they share (the run skeleton, the train / stop controls, the
status line). :mod:`.plots`, :mod:`.realdata_plots` and :mod:`.depth_plots` return matplotlib
Figures; :mod:`.tables`, :mod:`.intro_views` and :mod:`.lecture_tables` format results beside the
paper's; :mod:`.evidence` draws and tabulates the budget curves; :mod:`.ledger` renders the
reproduction ledger. This is the only wing that imports ipywidgets or matplotlib.
"""
