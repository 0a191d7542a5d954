"""The numeric core: plain floats and NumPy arrays in fixed units.

km, s, rad, m/s; time as POSIX UTC seconds (``t_utc_s``).
"""
