"""Views of the needs analysis, one module per area: instrument, capture, results."""
