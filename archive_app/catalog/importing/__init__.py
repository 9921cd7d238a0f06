"""Bringing photographs into the catalogue: files and folders, fixity, embedded metadata,
thumbnails and metadata spreadsheets.

The modules split along the two processes of an import. `scan`, `probe`, `metadata` and
`thumbnails` run in worker processes and never touch the database (so this package's
`__init__` imports nothing: a worker starts with Pillow and defusedxml only). `spreadsheet`,
`writing` and `run` run in the main process and write the catalogue in batches, one
transaction per batch, so a cancelled or killed import leaves only whole records.
"""
