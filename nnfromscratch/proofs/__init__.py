"""The proofs: the course's formulas derived with SymPy, and the sources' disagreements.

    symbolic   the course's derived formulas (the sigmoid's slope, the nine partials of
               the 2-2-1 network, the two-layer matrix gradients), proven exactly with
               SymPy; a page's ``[[latex:NAME]]`` formulas are rendered from them
    errata     each figure on which the source articles disagree, recomputed both ways

Importing `nnfromscratch` never imports SymPy; only `nnfromscratch.proofs.symbolic` does,
and it needs the package's ``proofs`` extra (``pip install 'nnfromscratch[proofs]'``);
`errata` needs NumPy alone.
"""
