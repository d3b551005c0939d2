// The ipywidgets HTML manager (saved panel state) finds its files, icon fonts included, from its require.js
// module names (@jupyter-widgets/...): point those at the copy in _static/ (tools/vendor.py), whatever the
// page's folder.
require.config({paths: {"@jupyter-widgets": new URL("@jupyter-widgets", document.currentScript.src).href}});
