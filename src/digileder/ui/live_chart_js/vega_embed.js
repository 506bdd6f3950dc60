// The vega libraries for the live chart (widget.js), bundled by tools/build_live_chart_bundle.py.
// The kernel sends this bundle to the page once, by a message, not as widget state: widget
// state is saved in the notebook, and 900 KB per chart would bloat it.
export default vegaEmbed;
