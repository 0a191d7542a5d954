"""Reports and plots (matplotlib PNG, plotly HTML).  Nothing in ``physics`` imports this."""
