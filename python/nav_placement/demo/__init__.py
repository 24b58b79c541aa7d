"""Synthetic demo deliveries that reproduce the published figures of AFI r2014:14.

`offices.write_office_deliveries` writes the Part 1 deliveries (office list and office survey)
into a landing folder; the warehouse derives every table from their raw cells.
"""
