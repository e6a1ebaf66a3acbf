from lintmed.cli import run

run()
