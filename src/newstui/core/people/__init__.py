"""People, organisations and places across the library: the entity index and what feeds it."""
