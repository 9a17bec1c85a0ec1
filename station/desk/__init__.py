"""The desk's state without Qt: the batch, document and page on screen, the keyboard's target and
the shift's counters, as plain objects the Qt views observe (``ui/`` only draws them)."""
