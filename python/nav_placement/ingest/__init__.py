"""Ingest: check each delivery against its contract and load it into the raw layer, or refuse it.

`ingest_landing` is what the CLI runs; `ingest_delivery` handles one folder.
"""

from nav_placement.ingest.deliveries import (
    DeliveryRejected,
    IngestOutcome,
    LoadFailed,
    ingest_delivery,
    ingest_landing,
)

__all__ = ["DeliveryRejected", "IngestOutcome", "LoadFailed", "ingest_delivery", "ingest_landing"]
