"""nav-placement: a warehouse for evaluating NAV's placement and recruitment services."""

__version__ = "0.1.0"
