"""Evaluation and benchmarks of the build, kept out of the build's core (`platforma` never imports this package;
.importlinter holds it to that): the search evaluation against judged query sets, Material's and MiniSearch's
search for comparison, synthetic practice entries, and the sample PDF. Used by scripts/bench*.py and the tests."""
