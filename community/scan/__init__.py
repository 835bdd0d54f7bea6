"""The fitheidscan: a short diagnosis per theme and phase that leads to the right peers.

An app of its own inside ``community/`` (label ``scan``): its next steps are communities,
meetups and intervision groups, so it comes after them in the import order; campaigns (a block,
a conversion) come after it.
"""
