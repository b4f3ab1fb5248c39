"""The API's plumbing: what every view shares (base), errors as JSON (errors), the v1 router (urls)."""
