"""CP-SAT planning models: crew rotation and traffic."""
