"""Shared fixtures.  Qt runs offscreen so the suite needs no display."""

from __future__ import annotations

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI (HYPOTHESIS_PROFILE=ci, set by .ci/run) draws the same examples every time, so a landing is
# judged on the code and not on the draw, with no deadline for a slower machine; a developer's
# `make test` draws new examples each run, which is how new edge cases are found (and kept in
# .hypothesis/ to replay).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
