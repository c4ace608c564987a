"""Fault tests: crashes, concurrent writers, hostile files and disks.  Bounded in time, part of ``make test``."""
