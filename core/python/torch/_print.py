"""Tensor printing as PyTorch 1.13 prints: precision 4, fixed or scientific notation chosen from the
values' range, integer-valued floats as `1.`, columns padded to one width, rows wrapped at 80 characters,
tensors over 1000 elements summarised with their first and last 3 entries per dim."""
import math

PRECISION = 4
LINEWIDTH = 80
THRESHOLD = 1000
EDGEITEMS = 3


class _Formatter:
    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        if not floating:
            for v in values:
                self.max_width = max(self.max_width, len(str(v)))
            return
        finite = [v for v in values if math.isfinite(v) and v != 0]
        if not finite:
            return
        absvals = [abs(v) for v in finite]
        lo, hi = min(absvals), max(absvals)
        self.int_mode = all(v == math.ceil(v) for v in finite)
        if self.int_mode:
            if hi / lo > 1000.0 or hi > 1.0e8:
                self.sci_mode = True
                self.max_width = max(len(f"{v:.{PRECISION}e}") for v in finite)
            else:
                self.max_width = max(len(f"{v:.0f}") + 1 for v in finite)
        elif hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4:
            self.sci_mode = True
            self.max_width = max(len(f"{v:.{PRECISION}e}") for v in finite)
        else:
            self.max_width = max(len(f"{v:.{PRECISION}f}") for v in finite)

    def width(self):
        return self.max_width

    def format(self, v):
        if self.floating:
            if self.sci_mode:
                s = f"{v:{self.max_width}.{PRECISION}e}"
            elif self.int_mode:
                s = f"{v:.0f}"
                if not (math.isinf(v) or math.isnan(v)):
                    s += "."
            else:
                s = f"{v:.{PRECISION}f}"
        else:
            s = str(v)
        return (self.max_width - len(s)) * " " + s


def _summarized(nested, dim):
    """The values the formatter sees when printing is summarised: first and last EDGEITEMS per dim."""
    if dim == 0:
        return [nested]
    if len(nested) > 2 * EDGEITEMS:
        nested = nested[:EDGEITEMS] + nested[-EDGEITEMS:]
    if dim == 1:
        return list(nested)
    return [v for sub in nested for v in _summarized(sub, dim - 1)]


def _vector(values, indent, summarize, fmt):
    element_length = fmt.width() + 2
    per_line = max(1, int(math.floor((LINEWIDTH - indent) / element_length)))
    if summarize and len(values) > 2 * EDGEITEMS:
        data = [fmt.format(v) for v in values[:EDGEITEMS]] + [" ..."] + [fmt.format(v) for v in values[-EDGEITEMS:]]
    else:
        data = [fmt.format(v) for v in values]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _body(nested, dim, indent, summarize, fmt):
    if dim == 0:
        return fmt.format(nested)
    if dim == 1:
        return _vector(nested, indent, summarize, fmt)
    if summarize and len(nested) > 2 * EDGEITEMS:
        parts = [_body(s, dim - 1, indent + 1, summarize, fmt) for s in nested[:EDGEITEMS]] + ["..."] + \
                [_body(s, dim - 1, indent + 1, summarize, fmt) for s in nested[-EDGEITEMS:]]
    else:
        parts = [_body(s, dim - 1, indent + 1, summarize, fmt) for s in nested]
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(parts) + "]"


def _suffixes(text, suffixes, indent):
    out = [text]
    last_line_len = len(text) - text.rfind("\n") + 1
    for s in suffixes:
        if last_line_len + len(s) + 2 > LINEWIDTH:
            out.append(",\n" + " " * indent + s)
            last_line_len = indent + len(s)
        else:
            out.append(", " + s)
            last_line_len += len(s) + 2
    out.append(")")
    return "".join(out)


def tensor_repr(t):
    import torch
    prefix = "tensor("
    indent = len(prefix)
    shape = list(t.shape)
    suffixes = []
    if t.numel() == 0:
        body = "[]"
        if len(shape) != 1:
            suffixes.append("size=" + str(tuple(shape)))
    else:
        nested = t.tolist()
        summarize = t.numel() > THRESHOLD
        flat = _summarized(nested, len(shape)) if summarize else t.view(-1).tolist() if shape else [nested]
        fmt = _Formatter(flat, t.dtype.is_floating_point)
        body = _body(nested, len(shape), indent, summarize, fmt)
    # An empty tensor names every dtype but the default float's (its values cannot show it).
    if t.dtype not in (torch.float32, torch.int64, torch.bool) or (t.numel() == 0 and t.dtype is not torch.float32):
        suffixes.append("dtype=" + repr(t.dtype))
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{t.grad_fn.name().rpartition('::')[2]}>")  # (CopySlices without its namespace)
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _suffixes(prefix + body, suffixes, indent)
