"""Sub-commands beyond ``summarize`` and ``methods``: one module each, exposing ``register(app)``.

``storybrief.cli.COMMANDS`` names each command with the modules that define it and its help
line; the modules are imported, and their ``register`` called, only when the command runs, so
``storybrief --help`` lists them without importing them.  A new command is one new file here
and one entry there (``tests/test_cli.py`` checks that every module has one and that the help
lines are the commands' own).  Modules still import heavy dependencies inside the command
function, so that a command's own ``--help`` is fast too.
"""
