"""General networks: any depth, any width, the course's ideas written once for every shape.

    layers            a dense layer and the activations as objects
    mlp               MLP: a stack of layers with its forward pass, loss and backward pass
    optimizers        SGD, momentum and Adam
    fit               training in seeded, shuffled mini-batches
    metrics           accuracy and friends
    gradient_check    backward passes compared with finite differences
    persistence       saving and loading models, safely
    digits            the 8x8 handwritten digits, split for training, validation and test
    tuning            the settings compared on a validation split, never on the test set
    article_networks  both articles' networks rebuilt as MLPs, giving the same numbers

The losses are the course's own, from `nnfromscratch.course.losses`; the activation
layers compute the course's functions again, in place in their workspaces (the sigmoid
by the plain formula: it agrees with the course's to a few units in the last place).
"""
