"""crossflight: plan, check and simulate crewed space-station operations.

Integrated NASA-Roscosmos crews, launch windows, rendezvous profiles and crew-rotation
planning, computed from real orbits and real flight history.  What users import lives in
:mod:`crossflight.api`.
"""

__version__ = "0.1.0"
