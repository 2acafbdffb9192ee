"""Feeds: subscriptions, their parsed documents, and the store of articles fetched from them.

``parse.parse_feed`` reads a document, ``store.FeedStore`` keeps feeds and articles; fetching over the
network lives beside them (``fetch``, ``discover``, ``fulltext``) and uses both.
"""
