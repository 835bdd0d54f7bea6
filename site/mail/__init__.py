"""Mail: MJML templates, the outbox table and its delivery task."""
