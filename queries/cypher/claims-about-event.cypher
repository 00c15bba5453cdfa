// name: claims-about-event
// description: The claims that assert an event, each with its quote, certainty, whether it is hedged, the document it was read from and who it is attributed to.
// param event: iri? - the event (an IRI from events-of-dyad)
// param label: string? - or: events whose label contains this text (any case)
// returns: event, eventLabel, claim, certainty, hedged, hedgeCue, quote, document, documentTitle, publisher, url, agent, agentName
MATCH (claim:Claim)-[:ASSERTS]->(event:Event)
WHERE ($event IS NULL OR event.uri = $event)
  AND ($label IS NULL OR toLower(toString(event.label)) CONTAINS toLower($label))
OPTIONAL MATCH (claim)-[:WAS_DERIVED_FROM]->(document:Document)
OPTIONAL MATCH (claim)-[:WAS_ATTRIBUTED_TO]->(agent:Resource)
RETURN DISTINCT event.uri AS event, event.label AS eventLabel, claim.uri AS claim, claim.certainty AS certainty,
       claim.hedged AS hedged, claim.hedgeCue AS hedgeCue, claim.quote AS quote, document.uri AS document,
       document.title AS documentTitle, document.publisherName AS publisher, document.url AS url,
       agent.uri AS agent, agent.label AS agentName
ORDER BY eventLabel, event, document, quote, claim
