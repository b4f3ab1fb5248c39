"""Production settings exactly as quizapp.settings builds them from the environment, with one
difference: STATIC_ROOT (not settable by environment) points at the benchmark's temporary
folder, so `collectstatic` for a DEBUG=0 server never touches the working tree."""

import os

from quizapp.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
