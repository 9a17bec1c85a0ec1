"""Image stages of the page pipeline: load, crop, deskew, orient, blank, thumbnails.

Each module holds plain functions on numpy arrays (uint8, HxW grey or HxWx3 BGR), so they can
run in any worker process and be tested one by one.
"""
