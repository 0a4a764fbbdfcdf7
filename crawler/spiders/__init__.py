"""Discovery spiders."""
