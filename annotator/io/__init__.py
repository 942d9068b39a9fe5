"""File formats: importers turn files into new documents, exporters write the store to files.

Nothing here imports Qt; importers never touch the database (the store adds what they read).
"""
