"""Union-find (disjoint sets) over record indices 0..n-1."""
from __future__ import annotations


class UnionFind:
    """Disjoint sets with path halving; the smaller index becomes the root,
    so each component is named by its first member whatever the union order.

    >>> uf = UnionFind(4)
    >>> uf.union(3, 1); uf.union(1, 2)
    >>> uf.components()
    [[0], [1, 2, 3]]
    """

    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra < rb:
            self.parent[rb] = ra
        elif rb < ra:
            self.parent[ra] = rb

    def components(self) -> list[list[int]]:
        """Members of each component in index order, components by first member."""
        groups: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            groups.setdefault(self.find(i), []).append(i)
        return list(groups.values())
