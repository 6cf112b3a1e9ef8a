"""The order PyTorch's CPU kernels leave tied elements in: `sort` (not stable) is C++'s std::sort and `topk` is
std::partial_sort or std::nth_element then std::sort, as GCC's libstdc++ implements them (introsort, heaps,
median-of-three partitions, insertion sort below 16 elements). Equal values come out in that order, not in
index order, so a learner's `loss.topk(3)` over repeated bigrams names the same rows as PyTorch.

Each function rearranges a Python list in place with `less(a, b)`, as the C++ iterators and comparator do.
"""
THRESHOLD = 16  # libstdc++'s _S_threshold


def _lg(n):
    return n.bit_length() - 1


def _push_heap(v, first, hole, top, value, less):
    parent = (hole - 1) // 2
    while hole > top and less(v[first + parent], value):
        v[first + hole] = v[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    v[first + hole] = value


def _adjust_heap(v, first, hole, length, value, less):
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if less(v[first + child], v[first + child - 1]):
            child -= 1
        v[first + hole] = v[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        v[first + hole] = v[first + child - 1]
        hole = child - 1
    _push_heap(v, first, hole, top, value, less)


def _make_heap(v, first, last, less):
    length = last - first
    if length < 2:
        return
    parent = (length - 2) // 2
    while True:
        _adjust_heap(v, first, parent, length, v[first + parent], less)
        if parent == 0:
            return
        parent -= 1


def _pop_heap(v, first, last, result, less):
    value = v[result]
    v[result] = v[first]
    _adjust_heap(v, first, 0, last - first, value, less)


def _heap_select(v, first, middle, last, less):
    _make_heap(v, first, middle, less)
    for i in range(middle, last):
        if less(v[i], v[first]):
            _pop_heap(v, first, middle, i, less)


def _sort_heap(v, first, last, less):
    while last - first > 1:
        last -= 1
        _pop_heap(v, first, last, last, less)


def partial_sort(v, first, middle, last, less):
    _heap_select(v, first, middle, last, less)
    _sort_heap(v, first, middle, less)


def _move_median_to_first(v, result, a, b, c, less):
    if less(v[a], v[b]):
        if less(v[b], v[c]):
            v[result], v[b] = v[b], v[result]
        elif less(v[a], v[c]):
            v[result], v[c] = v[c], v[result]
        else:
            v[result], v[a] = v[a], v[result]
    elif less(v[a], v[c]):
        v[result], v[a] = v[a], v[result]
    elif less(v[b], v[c]):
        v[result], v[c] = v[c], v[result]
    else:
        v[result], v[b] = v[b], v[result]


def _unguarded_partition(v, first, last, pivot, less):
    while True:
        while less(v[first], v[pivot]):
            first += 1
        last -= 1
        while less(v[pivot], v[last]):
            last -= 1
        if not first < last:
            return first
        v[first], v[last] = v[last], v[first]
        first += 1


def _partition_pivot(v, first, last, less):
    mid = first + (last - first) // 2
    _move_median_to_first(v, first, first + 1, mid, last - 1, less)
    return _unguarded_partition(v, first + 1, last, first, less)


def _linear_insert(v, last, less):
    value = v[last]
    nxt = last - 1
    while less(value, v[nxt]):
        v[last] = v[nxt]
        last = nxt
        nxt -= 1
    v[last] = value


def _insertion_sort(v, first, last, less):
    if first == last:
        return
    for i in range(first + 1, last):
        if less(v[i], v[first]):
            value = v[i]
            v[first + 1:i + 1] = v[first:i]
            v[first] = value
        else:
            _linear_insert(v, i, less)


def _introsort_loop(v, first, last, depth, less):
    while last - first > THRESHOLD:
        if depth == 0:
            partial_sort(v, first, last, last, less)
            return
        depth -= 1
        cut = _partition_pivot(v, first, last, less)
        _introsort_loop(v, cut, last, depth, less)
        last = cut


def sort(v, first, last, less):
    """std::sort(v[first:last])."""
    if first == last:
        return
    _introsort_loop(v, first, last, _lg(last - first) * 2, less)
    if last - first > THRESHOLD:
        _insertion_sort(v, first, first + THRESHOLD, less)
        for i in range(first + THRESHOLD, last):
            _linear_insert(v, i, less)
    else:
        _insertion_sort(v, first, last, less)


def nth_element(v, first, nth, last, less):
    if first == last or nth == last:
        return
    depth = _lg(last - first) * 2
    while last - first > 3:
        if depth == 0:
            _heap_select(v, first, nth + 1, last, less)
            v[first], v[nth] = v[nth], v[first]
            return
        depth -= 1
        cut = _partition_pivot(v, first, last, less)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(v, first, last, less)


def _isnan(x):
    return x != x


def before(descending):
    """PyTorch's comparator on (value, index) pairs: NaN above every number, ties left to the algorithm."""
    if descending:
        return lambda a, b: (_isnan(a[0]) and not _isnan(b[0])) or a[0] > b[0]
    return lambda a, b: (not _isnan(a[0]) and _isnan(b[0])) or a[0] < b[0]


def sorted_indices(values, descending):
    """torch.sort's (not stable) order of one row."""
    v = [(x, i) for i, x in enumerate(values)]
    sort(v, 0, len(v), before(descending))
    return [i for _, i in v]


def topk_indices(values, k, largest, ordered=True):
    """torch.topk's indices for one row: partial_sort when k * 64 <= n, else nth_element, then sort the k - 1."""
    if k == 0:
        return []
    v = [(x, i) for i, x in enumerate(values)]
    less = before(largest)
    if k * 64 <= len(v):
        partial_sort(v, 0, k, len(v), less)
    else:
        nth_element(v, 0, k - 1, len(v), less)
        if ordered:
            sort(v, 0, k - 1, less)
    return [i for _, i in v[:k]]
