"""Scripts that rebuild the reference data in ``piguard/entities/data``.

Each is run as ``python -m piguard.entities.update.<name>`` and writes its
file with a header that names the source and the command.
"""
