"""`nhacviec demo`: the console chat on the bundled sample plan, no token needed."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.console import run_demo


async def demo(args: argparse.Namespace, settings: Settings) -> int:
    """Chat with the core on stdin/stdout as the demo's people (afresh with --reset)."""
    return await run_demo(settings, reset=args.reset)
