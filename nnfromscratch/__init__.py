"""nnfromscratch: neural networks built from scratch in NumPy, every number checked.

Importing the package is cheap: SymPy is only imported by `nnfromscratch.symbolic`.
"""

from .activations import sigmoid, sigmoid_derivative_from_output, sigmoid_derivative_from_sum

__all__ = [
    "sigmoid",
    "sigmoid_derivative_from_output",
    "sigmoid_derivative_from_sum",
]

__version__ = "0.1.0"
