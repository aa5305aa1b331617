"""An app whose contributions take a key that ``styring`` has already registered: with it
installed, start-up must fail (``tests/styring/test_registry.py``)."""
