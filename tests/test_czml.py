"""CZML writer: valid CZML (czml3 document) with Earth-fixed samples that keep the radius."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from crossflight.io.czml import CzmlTrack, write_czml

T0 = 1744091764.0


def test_czml_document_has_tracks_with_fixed_frame_samples(tmp_path: Path) -> None:
    t = T0 + 60.0 * np.arange(20)
    ang = 1.1e-3 * (t - T0)
    s = np.column_stack(
        [6780 * np.cos(ang), 6780 * np.sin(ang), np.zeros(20),
         -7.67 * np.sin(ang), 7.67 * np.cos(ang), np.zeros(20)]
    )  # fmt: skip
    path = write_czml(
        tmp_path / "r.czml",
        [CzmlTrack("ship", "Soyuz MS", (255, 0, 0, 255), t, s),
         CzmlTrack("station", "ISS", (255, 255, 255, 255), t, s)],
    )  # fmt: skip
    doc = json.loads(path.read_text())
    assert doc[0]["id"] == "document"
    assert [p["id"] for p in doc[1:]] == ["ship", "station"]
    pos = doc[1]["position"]
    assert pos["referenceFrame"] == "FIXED"
    samples = np.array(pos["cartesian"]).reshape(-1, 4)
    assert samples.shape == (20, 4)
    assert np.allclose(np.linalg.norm(samples[:, 1:], axis=1), 6780e3, rtol=1e-12)
    assert np.allclose(samples[:, 0], t - T0)
