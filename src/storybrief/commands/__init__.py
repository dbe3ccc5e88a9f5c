"""Sub-commands beyond ``summarize``: one module each, exposing ``register(app)``.

``storybrief.cli`` imports every module of this package and calls its ``register`` with the
Typer app, so a new command is one new file here.  Modules must import heavy dependencies
inside the command function, not at import time, to keep ``storybrief --help`` fast.
"""
