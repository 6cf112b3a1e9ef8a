"""`from tqdm.notebook import tqdm` is the same tqdm in the app."""
from tqdm import tqdm, trange  # noqa: F401
