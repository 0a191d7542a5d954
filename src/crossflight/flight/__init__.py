"""The typed flight layer over :mod:`crossflight.physics`.

Aware UTC datetimes, ids and degrees in; records out.  ``orbits`` holds the station orbit
(element sets -> SGP4 states), ``windows`` the launch opportunities of a site and vehicle,
``rendezvous`` the simulated rendezvous runs, ``records`` what they return.  Nothing here parses
files or prints: :mod:`crossflight.io` reads the inputs, :mod:`crossflight.cli` renders.
"""
