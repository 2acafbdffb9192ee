"""The Textual user interface: it arranges widgets and calls the core, nothing more."""
