"""crossflight benchmarks: ``python -m bench`` prints one markdown table measured in one run."""
