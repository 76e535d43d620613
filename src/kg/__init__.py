"""kg: a knowledge graph of people, institutions and ideas from dialogue reports.

Nothing is loaded at import time; ``kg.open()`` opens the built graph.
"""

__all__ = ["open", "__version__"]
__version__ = "0.1.0"


def open(path=None, **kwargs):  # noqa: A001 - the notebook entry point, named as users expect
    """Open the built graph (``data/graph/store`` by default) for queries.

    See :func:`kg.api.open`.
    """
    from kg.api import open as _open

    return _open(path, **kwargs)
