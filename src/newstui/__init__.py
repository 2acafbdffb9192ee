"""newstui: a terminal news reader.

Only the version lives here so that ``import newstui`` stays cheap and never pulls in Textual.
"""

__version__ = "0.1.0"
