"""The advisor: tells a business owner whether their business runs on clients or customers."""

__version__ = "0.1.0"
