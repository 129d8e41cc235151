"""The terminal: the one place that prints, called only by the command line.

`console` says where messages go (results on stdout; progress, warnings and errors on
stderr), `progress` shows what is being done, `tables` lays out what `list` and `make` found,
and `reports` turns results and errors into lines. The pipeline below returns data,
warnings and errors (`BriefgenError`) and prints nothing.
"""
