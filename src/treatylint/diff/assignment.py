"""A minimum-cost assignment (the Hungarian method), in pure Python.

Drafts have tens to a few hundred articles, and exact-text matches are paired before this runs,
so the O(n^2 m) method is fast enough and saves a SciPy dependency for one function.
"""

from __future__ import annotations

import math


def assign(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Pairs (row, column) of a minimum-cost assignment of a rectangular matrix: every row is
    assigned when there are no more rows than columns, every column otherwise."""
    if not cost or not cost[0]:
        return []
    rows, cols = len(cost), len(cost[0])
    if rows > cols:
        transposed = [[cost[r][c] for r in range(rows)] for c in range(cols)]
        return sorted((r, c) for c, r in assign(transposed))
    # e-maxx formulation: potentials u (rows) and v (columns), 1-based with a virtual column 0
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[j]: row assigned to column j
    way = [0] * (cols + 1)
    for i in range(1, rows + 1):
        owner[0] = i
        j0 = 0
        minv = [math.inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            row = cost[i0 - 1]
            delta = math.inf
            j1 = 0
            ui0 = u[i0]
            for j in range(1, cols + 1):
                if not used[j]:
                    current = row[j - 1] - ui0 - v[j]
                    if current < minv[j]:
                        minv[j] = current
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(cols + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while True:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
            if j0 == 0:
                break
    return sorted((owner[j] - 1, j - 1) for j in range(1, cols + 1) if owner[j])
