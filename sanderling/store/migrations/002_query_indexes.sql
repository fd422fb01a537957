-- Point-lookup indexes for the query layer and the merge candidate search.
CREATE INDEX event_mentions_event ON event_mentions (event_id);
CREATE INDEX mentions_document ON mentions (content_hash);
CREATE INDEX participants_key ON event_participants (key);
CREATE INDEX participants_event ON event_participants (event_id);
CREATE INDEX pairs_keys ON event_pairs (key_a, key_b);
CREATE INDEX pairs_event ON event_pairs (event_id);
