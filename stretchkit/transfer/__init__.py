"""Transfer: the one door for every import and export. Formats (`stretchkit.formats`) turn
entries into files and back; this package reads and writes them for a library, routes foreign
data through a mapping, and imports all or nothing."""

from stretchkit.transfer.exchange import (
    export_library,
    import_files,
    preview_import,
    read_entries,
)
from stretchkit.transfer.importing import ImportPlan

__all__ = ["ImportPlan", "export_library", "import_files", "preview_import", "read_entries"]
