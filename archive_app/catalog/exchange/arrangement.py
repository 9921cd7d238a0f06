"""The arrangement an export describes: the selected photographs, the collections that hold them
(with every parent up to the fonds) and the collections chosen themselves, as a tree.

The EAD3 finding aid and the IIIF collections walk the same tree, so both say the same thing
about where a photograph sits: children by reference code then name, photographs by accession
number, those in no collection under the root.
"""

from __future__ import annotations

from collections import defaultdict

from archive_app.catalog.models import Collection, Photograph
from archive_app.catalog.sources.selection import Selection


class Arrangement:
    def __init__(self, selection: Selection) -> None:
        self.photos = list(
            Photograph.select()
            .where(Photograph.id.in_(selection.ids_of("photo")))
            .order_by(Photograph.accession_number)
        )
        everything = {c.id: c for c in Collection.select()}
        wanted = {p.collection_id for p in self.photos if p.collection_id}
        wanted |= set(selection.ids_of("collection"))
        for collection_id in list(wanted):
            walk, seen = everything.get(collection_id), set()
            while walk is not None and walk.id not in seen:
                seen.add(walk.id)
                wanted.add(walk.id)
                walk = everything.get(walk.parent_id) if walk.parent_id else None
        self.collections = {cid: everything[cid] for cid in wanted if cid in everything}
        #: parent id (None for the root) -> its collections, in order
        self.children: dict[int | None, list[Collection]] = defaultdict(list)
        for collection in self.collections.values():
            parent = collection.parent_id if collection.parent_id in wanted else None
            self.children[parent].append(collection)
        for group in self.children.values():
            group.sort(key=lambda c: ((c.identifier or "").casefold(), c.name.casefold(), c.id))
        #: collection id (None for no collection) -> its photographs, in order
        self.items: dict[int | None, list[Photograph]] = defaultdict(list)
        for photo in self.photos:
            self.items[photo.collection_id].append(photo)
