"""The lists a Body offers in OParl 1.1: its attribute, the path of the list, the object type.

Kept apart because both sides need it: the serializers write the list URLs into each Body,
and the catalogue and the views accept exactly these list and object types. Here it is
data only, so the catalogue → serializers dependency stays one way.
"""

#: The body lists (Body attribute → list path and object type).
BODY_LISTS = {
    "organization": "organization",
    "person": "person",
    "meeting": "meeting",
    "paper": "paper",
    "agendaItem": "agendaitem",
    "consultation": "consultation",
    "file": "file",
    "locationList": "location",
    "legislativeTermList": "legislativeterm",
    "membership": "membership",
}
LIST_TYPES = frozenset(BODY_LISTS.values())
OBJECT_TYPES = LIST_TYPES
