"""The proofs: the course's formulas derived with SymPy, and the sources' disagreements.

    symbolic   each derivation of the chapters, proven exactly with SymPy; the pages'
               formulas are rendered from these expressions
    errata     each figure on which the source articles disagree, recomputed both ways

Importing `nnfromscratch` never imports SymPy; only `nnfromscratch.proofs.symbolic` does,
and it needs the package's ``proofs`` extra (``pip install 'nnfromscratch[proofs]'``);
`errata` needs NumPy alone.
"""
