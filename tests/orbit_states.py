"""Synthetic ISS-like orbit states for guidance and rendezvous tests (two-body, TEME-like)."""

from __future__ import annotations

import numpy as np

from crossflight.physics.dynamics import MU_EARTH_KM3_S2, R_EARTH_KM

ISS_INCLINATION_DEG = 51.64


def orbit_state(alt_p_km: float, alt_a_km: float, lead_deg: float) -> np.ndarray:
    """In-plane state at 51.64 deg, argument of latitude ``lead_deg`` (perigee there).

    Returns (6,) position km and velocity km/s.
    """
    rp, ra = R_EARTH_KM + alt_p_km, R_EARTH_KM + alt_a_km
    a = 0.5 * (rp + ra)
    vp = np.sqrt(MU_EARTH_KM3_S2 * (2 / rp - 1 / a))
    u, i = np.radians(lead_deg), np.radians(ISS_INCLINATION_DEG)
    r = rp * np.array([np.cos(u), np.sin(u) * np.cos(i), np.sin(u) * np.sin(i)])
    v = vp * np.array([-np.sin(u), np.cos(u) * np.cos(i), np.cos(u) * np.sin(i)])
    return np.concatenate([r, v])
