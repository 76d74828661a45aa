"""All tables, registered on the one ``metadata``."""

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables import access, catalog, inventory, jobs, retail, system, trading

__all__ = ["access", "catalog", "inventory", "jobs", "metadata", "retail", "system", "trading"]
