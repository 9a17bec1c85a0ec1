"""Classification: which department a document goes to, with calibrated confidence."""
