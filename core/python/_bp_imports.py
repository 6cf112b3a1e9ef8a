"""What `import X` says when X is not in the app: Python's own ModuleNotFoundError (same class, same opening
words, so `except ImportError` and PyTorch's message still match), followed by what the app does provide, so a
learner whose notebook imports numpy or sklearn knows it is the app, not their code."""
import sys

PROVIDED = "torch (torch.nn, torch.nn.functional), matplotlib.pyplot (drawn as the app's figures), tqdm, " \
           "the .py modules next to the notebook, and Python's standard library"


class _NotInTheApp:
    """Last on sys.meta_path: reached only when no other finder knows the module."""

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top == "torch":
            raise ModuleNotFoundError(f"No module named '{name}': Backprop Studio's torch does not provide it",
                                      name=name)
        if path is None:
            raise ModuleNotFoundError(f"No module named '{name}': Backprop Studio runs notebooks with {PROVIDED}; "
                                      f"{name} is not among them", name=name)
        return None


def install():
    """Puts the finder last on sys.meta_path (once)."""
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_NotInTheApp"]
    sys.meta_path.append(_NotInTheApp())
