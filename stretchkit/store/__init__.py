"""The store: a data folder on disk, one file per entry, saved so that nothing is lost."""

from stretchkit.store.library import Library, find_data_folder, load_vocabulary

__all__ = ["Library", "find_data_folder", "load_vocabulary"]
