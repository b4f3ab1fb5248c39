"""Questions in and out of the bank in the formats authors already use.

- records: a question as one format-neutral mapping (the bank's own keys, content/FORMAT.md,
  plus its fact and source link), and which questions a user may export;
- moodle_xml, gift, tabular: one module per format, each `write(records) -> bytes` and
  `read(bytes) -> list[Parsed]`;
- apkg_import: Anki packages (read only);
- importing: parsed records → anchored facts → a preview, then the bank writer (all or nothing).
"""
