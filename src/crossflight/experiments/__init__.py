"""Experiment scheduling for an increment: a CP-SAT scheduler (``scheduler``), its greedy
baseline (``greedy``), the explanations of what does not fit (``explanation``), and an
independent verifier (``verifier``) that never imports any of them."""
