"""Script-insensitive text search through an index (issue 18): the admin's changelists look a term up
once in `Entry` rows written, already folded, whenever a searchable row is saved."""
