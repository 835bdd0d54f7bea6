"""The fixed themes entrepreneurs struggle with, editable by staff, and free tags next to them."""
