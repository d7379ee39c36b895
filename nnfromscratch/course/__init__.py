"""The course: the reference code of what the chapters have the learner write.

The modules, in the order the chapters meet them::

    activations   the sigmoid and its slope (chapter 1; ReLU, tanh, softmax for later)
    neuron        one neuron: a weighted sum, then the sigmoid (chapter 1)
    network       the 2-2-1 network of three neurons (chapter 2)
    datasets      the four people, the new two, the two-layer article's four rows (chapter 3)
    losses        mean squared error and the sum of squares (chapter 3)
    backprop      the forward pass and the nine partial derivatives by hand (chapter 4)
    training      gradient descent one sample at a time, in order (the article's SGD; chapter 5)
    two_layer     the vectorised two-layer network (chapter 6)

The grader, `nnfromscratch.exercises`, holds the learner's code against these modules.

Each public function checks its arguments once, at its door: rules declared beside it
(``nnfromscratch._door``); its body is the maths. `nnfromscratch.general` builds every
network of any shape from the same ideas, and shows that these networks are special cases
of it.
"""
