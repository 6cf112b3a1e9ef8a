"""Exercise 4: training with the learner's own backward pass, checked against autograd every K steps."""
import ast
import json
import math

from .exercise import _written
from .runner import _error, _item_update, _syntax_error, _without_magics
from .session import S, is_tensor, torch as torch_


class _NoCmp(ast.NodeTransformer):
    """Training steps do not print the learner's cmp table each step: top-level cmp(...) calls are dropped. And
    `dC[ix] += demb[k, j]` is one step, as in a run (runner.py's _item_update)."""

    def visit_AugAssign(self, node):
        return _item_update(node)

    def visit_Expr(self, node):
        v = node.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "cmp":
            return ast.Pass()
        return node


def assigning_cells(names, cells_json):
    """For each name, the last of the given cells (index, source) whose top-level code assigns it."""
    found = {}
    for index, source in json.loads(cells_json):
        try:
            tree = ast.parse(_without_magics(source))
        except SyntaxError:
            continue
        written = set()
        for n in tree.body:
            written.update(_written(n))
        for name in json.loads(names):
            if name in written:
                found[name] = index
    return json.dumps(found)


def train_begin(cells_json, updates_json, checks_json, loss_expr, lr):
    """Compiles a training step: the batch and forward cells, the learner's backward cell, the SGD update.
    JSON: null, or the syntax error of the cell that does not compile (the editor's cell may be half typed)."""
    torch = torch_()
    code = []
    for index, source, filename, first_line, learner in json.loads(cells_json):
        src = "\n" * (first_line - 1) + (_without_magics(source) if S.kind == "ipynb" else source)
        try:
            tree = ast.parse(src, filename)
        except SyntaxError as e:
            return json.dumps(_syntax_error(e, index))
        if learner:
            tree = ast.fix_missing_locations(_NoCmp().visit(tree))
        code.append((index, compile(tree, filename, "exec")))
    S.train.update(code=code, updates=json.loads(updates_json), checks=json.loads(checks_json), loss=loss_expr,
                  lr=float(lr), torch=torch)
    return "null"


def train_steps(count, check_last):
    """Runs `count` steps; autograd only on the last when `check_last`. JSON: losses, and the check or an error."""
    torch = S.train["torch"]
    losses = []
    check = None
    index = -1
    for k in range(count):
        checking = check_last and k == count - 1
        torch.SKIP_BACKWARD[0] = not checking
        prev = torch.is_grad_enabled()
        torch._set_grad(checking)
        try:
            if checking:
                for param, _ in S.train["updates"]:
                    eval(param, {}, S.main).grad = None
            for index, code in S.train["code"]:
                exec(code, S.main)
            loss = float(eval(S.train["loss"], {}, S.main).item())
            if checking:
                check = []
                for grad, target in S.train["checks"]:
                    m, t = S.main.get(grad), eval(target, {}, S.main)
                    auto = t.grad if is_tensor(t) else None
                    if not is_tensor(m) or auto is None or tuple(m.shape) != tuple(auto.shape):
                        check.append([grad, target, None, False])
                        continue
                    check.append([grad, target, float((m - auto).abs().max().item()), bool(torch.allclose(m, auto))])
            with torch.no_grad():
                for param, grad in S.train["updates"]:
                    p, g = eval(param, {}, S.main), S.main.get(grad)
                    if not is_tensor(g):
                        raise NameError(f"{grad} is not a tensor after your backward cell, so {param} cannot be updated")
                    p.data += -S.train["lr"] * g
        except BaseException as e:  # sys.exit() in a cell, or Stop (KeyboardInterrupt), ends training in words too
            return json.dumps({"losses": losses, "check": check, "error": _error(e, index)})
        finally:
            torch.SKIP_BACKWARD[0] = False
            torch._set_grad(prev)
        losses.append(loss if math.isfinite(loss) else None)
    return json.dumps({"losses": losses, "check": check, "error": None})
