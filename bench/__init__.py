"""``make bench``: Hashiya's performance figures beside floors measured in the same run.

Each module measures one area and returns rows for the single table that
``python -m bench`` prints; a benchmark whose feature has not landed yet
returns a row that says so instead of failing the run.
"""
