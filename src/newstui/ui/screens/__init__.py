"""Screens: the main screen (the mediator between widgets), help, and dialogs."""
