"""``python -m cleaner``: see :mod:`cleaner.cli`."""

from cleaner.cli import main_entry

main_entry()
