"""The classic LeNet-style CNN for 1×28×28 digits."""

from __future__ import annotations

from collections import OrderedDict

from torch import nn


class LeNet(nn.Sequential):
    """conv 1→c1 k5, pool, conv c1→c2 k5, pool, fc (c2·4·4)→hidden→10.

    A flat ``nn.Sequential`` with named children, so that layers read well in tables
    (``conv1``, ``fc1``) and the model splits into pipeline stages at any child boundary.
    ``nn.Flatten`` (not ``view(-1, 320)``) keeps it valid after channels are pruned away.
    """

    def __init__(self, c1: int = 10, c2: int = 20, hidden: int = 50, num_classes: int = 10):
        super().__init__(
            OrderedDict(
                conv1=nn.Conv2d(1, c1, kernel_size=5),
                relu1=nn.ReLU(),
                pool1=nn.MaxPool2d(2),
                conv2=nn.Conv2d(c1, c2, kernel_size=5),
                relu2=nn.ReLU(),
                pool2=nn.MaxPool2d(2),
                flatten=nn.Flatten(1),
                fc1=nn.Linear(c2 * 4 * 4, hidden),
                relu3=nn.ReLU(),
                fc2=nn.Linear(hidden, num_classes),
            )
        )
