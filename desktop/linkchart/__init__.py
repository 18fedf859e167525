"""The link chart: the results and what they are linked to, each line with the sources behind
it (``LinkChartPanel`` in ``panel``; layouts in ``layout`` need only numpy, so the command line
and printing use them without a window)."""
