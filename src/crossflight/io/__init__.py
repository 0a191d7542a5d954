"""Readers and writers: manifests, TLE/OMM, OEM, CZML, iCalendar."""
