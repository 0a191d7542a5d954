"""Charts (matplotlib PNG, plotly HTML) of flight-layer results.

Nothing in ``physics`` imports this.
"""
